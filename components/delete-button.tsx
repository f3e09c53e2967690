"use client";

import { useState, type JSX } from "react";
import { describeFailure, requestJson } from "./api-request";
import { ActionError } from "./action-error";

/**
 * A small button that deletes one thing of the user's (a session on another device, a remembered browser)
 * and says why when it could not. Gone already (404) counts as done: what the person wanted is true.
 */
export function DeleteButton({ url, label, pendingLabel, accessibleName, onDeleted }: { url: string; label: string; pendingLabel: string; accessibleName: string; onDeleted: () => void }): JSX.Element {
  const [isPending, setIsPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const remove = async (): Promise<void> => {
    setIsPending(true);
    setError(null);
    const result = await requestJson<null>("DELETE", url);
    setIsPending(false);
    if (!result.ok && result.status !== 404) {
      setError(describeFailure(result));
      return;
    }
    onDeleted();
  };

  return (
    <div className="end-session">
      <button type="button" className="button button-secondary button-small" onClick={remove} disabled={isPending} aria-label={accessibleName}>
        {isPending ? pendingLabel : label}
      </button>
      <ActionError message={error} />
    </div>
  );
}
