"use client";

import { useState } from "react";

/** Where a "Copy" button stands: not pressed yet, copied, or refused by the browser (the page then says how else). */
export type CopyState = "idle" | "copied" | "failed";

/** A "Copy" button's text to the clipboard and what came of it, for its status line. */
export function useCopy(text: string): { copyState: CopyState; copy: () => Promise<void> } {
  const [copyState, setCopyState] = useState<CopyState>("idle");
  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(text);
      setCopyState("copied");
    } catch {
      setCopyState("failed");
    }
  };
  return { copyState, copy };
}
