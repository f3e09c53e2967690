"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, type RefObject } from "react";
import { describeFailure, requestJson } from "../api-request";

export interface AdminAction {
  isPending: boolean;
  notice: string | null;
  error: string | null;
  /** Focused after a success: the button that was pressed may be gone once the page refreshes. */
  noticeRef: RefObject<HTMLParagraphElement | null>;
  run: (request: { method: "POST" | "PATCH" | "DELETE"; url: string; body?: unknown; done: string; then?: () => void }) => Promise<void>;
}

/** One operator action at a time: the request, then the page's fresh state and a message saying what happened. */
export function useAdminAction(): AdminAction {
  const router = useRouter();
  const [isPending, setIsPending] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const noticeRef = useRef<HTMLParagraphElement | null>(null);

  useEffect(() => {
    if (notice) noticeRef.current?.focus();
  }, [notice]);

  const run: AdminAction["run"] = async ({ method, url, body, done, then }) => {
    setIsPending(true);
    setNotice(null);
    setError(null);
    const result = await requestJson<unknown>(method, url, body);
    setIsPending(false);
    if (!result.ok) {
      setError(describeFailure(result));
      return;
    }
    setNotice(done);
    if (then) then();
    else router.refresh();
  };

  return { isPending, notice, error, noticeRef, run };
}
