"use client";

import { useState, type JSX } from "react";
import { describeFailure, postJson } from "./api-request";
import { formatClock, useCountdown } from "./use-countdown";
import { ActionError } from "./action-error";

interface ResendCodeProps {
  /** The endpoint that sends this kind of code ({"email"}), with its own cooldown. */
  url: string;
  getEmail: () => string;
  initialWaitSeconds: number;
  cooldownSeconds: number;
  onSent: () => void;
  onEmailMissing: () => void;
}

/** "Send a new code", unavailable (with its countdown) for the cooldown the server enforces. */
export function ResendCode({ url, getEmail, initialWaitSeconds, cooldownSeconds, onSent, onEmailMissing }: ResendCodeProps): JSX.Element {
  const cooldown = useCountdown(initialWaitSeconds);
  const [isPending, setIsPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const wait = cooldown.secondsLeft ?? 0;

  const resend = async (): Promise<void> => {
    const email = getEmail().trim();
    if (!email) {
      onEmailMissing();
      return;
    }
    setIsPending(true);
    setError(null);
    const result = await postJson<{ detail: string }>(url, { email });
    setIsPending(false);
    if (result.ok) {
      cooldown.restart(cooldownSeconds);
      onSent();
    } else if (result.code === "otp_cooldown") {
      const seconds = result.retryAfter ?? cooldownSeconds;
      cooldown.restart(seconds);
      setError(describeFailure({ code: result.code, retryAfter: seconds }));
    } else {
      setError(result.fieldErrors.email?.join(" ") ?? describeFailure(result));
    }
  };

  return (
    <div className="resend">
      <p className="resend-lead">Did not get it, or took too long?</p>
      <button type="button" className="button button-secondary" onClick={resend} disabled={isPending || wait > 0}>
        {isPending ? "Sending…" : wait > 0 ? `Send a new code in ${formatClock(wait)}` : "Send a new code"}
      </button>
      <ActionError message={error} />
    </div>
  );
}
