"use client";

import { useState, type JSX } from "react";
import { describeFailure, requestJson } from "./api-request";
import { ActionError } from "./action-error";

/**
 * Ends one of the user's other sessions (a lost phone, a shared computer). `onEnded` announces it and
 * refreshes the list; a session that already ended elsewhere counts as ended.
 */
export function EndSessionButton({ sessionId, device, onEnded }: { sessionId: string; device: string; onEnded: (device: string) => void }): JSX.Element {
  const [isPending, setIsPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const endSession = async (): Promise<void> => {
    setIsPending(true);
    setError(null);
    const result = await requestJson<null>("DELETE", `/api/sessions/${encodeURIComponent(sessionId)}/`);
    setIsPending(false);
    if (!result.ok && result.status !== 404) {
      setError(describeFailure(result));
      return;
    }
    onEnded(device);
  };

  return (
    <div className="end-session">
      <button type="button" className="button button-secondary button-small" onClick={endSession} disabled={isPending} aria-label={`Sign out ${device}`}>
        {isPending ? "Signing out…" : "Sign out"}
      </button>
      <ActionError message={error} />
    </div>
  );
}
