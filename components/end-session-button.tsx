"use client";

import { useRouter } from "next/navigation";
import { useState, type JSX } from "react";
import { postJson } from "./api-request";
import { ActionError } from "./action-error";

/** Ends one of the user's other sessions (a lost phone, a shared computer) and refreshes the list. */
export function EndSessionButton({ sessionId, device }: { sessionId: string; device: string }): JSX.Element {
  const router = useRouter();
  const [isPending, setIsPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const endSession = async (): Promise<void> => {
    setIsPending(true);
    setError(null);
    const result = await postJson<null>("/api/sessions/revoke/", { session_id: sessionId });
    setIsPending(false);
    if (!result.ok && result.status !== 404) {
      setError(result.message);
      return;
    }
    router.refresh();
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
