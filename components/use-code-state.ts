"use client";

import { useState } from "react";
import { describeFailure } from "./error-messages";
import { useCountdown } from "./use-countdown";

/** Why a code can no longer be used: then only a new one helps, and the page says so once. */
export type DeadCode = "expired" | "exhausted" | "locked" | "missing";

const lockedMessage = (seconds: number | null): string => describeFailure({ code: "otp_locked", retryAfter: seconds });

const deadMessages: Record<Exclude<DeadCode, "locked">, string> = {
  expired: describeFailure({ code: "otp_expired", retryAfter: null }),
  exhausted: describeFailure({ code: "otp_exhausted", retryAfter: null }),
  missing: "There is no active code. Send a new one.",
};

export interface CodeState {
  /** Seconds until the code expires; null when unknown. */
  secondsLeft: number | null;
  dead: DeadCode | null;
  /** The one message for a dead code (null while it lives). */
  deadMessage: string | null;
  /** Takes a refusal of the code; true when it killed the code (its message is then the only one to show). */
  takeFailure: (failure: { code: string; retryAfter: number | null }) => boolean;
  /** A new code was sent: it lives for `lifetimeSeconds` (null: unknown). */
  renew: (lifetimeSeconds: number | null) => void;
}

/**
 * The life of an emailed code as the server measured it: counting down, then expired, used up by wrong
 * tries, or the account locked for the day. `expectsCode`: the page knows a code should exist, so "none"
 * is dead too (signed in on /verify); a signed-out visitor's code is unknown until they ask.
 */
export function useCodeState(initial: { expiresInSeconds: number | null; isCodeSpent: boolean; lockedForSeconds: number }, expectsCode: boolean): CodeState {
  const expiry = useCountdown(initial.expiresInSeconds);
  const [isSpent, setIsSpent] = useState(initial.isCodeSpent);
  const [lockedFor, setLockedFor] = useState<number | null>(initial.lockedForSeconds > 0 ? initial.lockedForSeconds : null);
  const [isKnown, setIsKnown] = useState(expectsCode);
  const { secondsLeft } = expiry;

  let dead: DeadCode | null = null;
  if (lockedFor !== null) dead = "locked";
  else if (isSpent) dead = "exhausted";
  else if (secondsLeft === 0) dead = "expired";
  else if (isKnown && secondsLeft === null) dead = "missing";

  return {
    secondsLeft,
    dead,
    deadMessage: dead === null ? null : dead === "locked" ? lockedMessage(lockedFor) : deadMessages[dead],
    takeFailure: ({ code, retryAfter }) => {
      if (code === "otp_expired") expiry.restart(0);
      else if (code === "otp_exhausted") setIsSpent(true);
      else if (code === "otp_locked") setLockedFor(retryAfter ?? 0);
      else return false;
      return true;
    },
    renew: (lifetimeSeconds) => {
      setIsSpent(false);
      setIsKnown(lifetimeSeconds !== null);
      expiry.restart(lifetimeSeconds);
    },
  };
}
