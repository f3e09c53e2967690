"use client";

import { useRouter } from "next/navigation";
import { useRef, useState, type RefObject } from "react";
import { announce } from "./announcer";

export interface ListOutcome {
  /** What the last action did ("Signed out Firefox on Linux"), shown above the list; "" before any. */
  outcome: string;
  /** On the list's heading (with tabIndex -1): focus goes there when the row it was on is gone. */
  headingRef: RefObject<HTMLHeadingElement | null>;
  /** Says what happened, announces it, reloads the list from the server and puts focus on the heading. */
  report: (message: string) => void;
}

/** A dashboard list whose rows can be removed (sessions, remembered browsers): one way to tell what happened. */
export function useListOutcome(): ListOutcome {
  const router = useRouter();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [outcome, setOutcome] = useState("");
  return {
    outcome,
    headingRef,
    report: (message) => {
      setOutcome(message);
      announce(message);
      router.refresh();
      headingRef.current?.focus();
    },
  };
}
