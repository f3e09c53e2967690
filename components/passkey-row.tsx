"use client";

import { useEffect, useRef, useState, type JSX } from "react";
import type { PasskeyView } from "@/lib/auth/passkeys/view";
import { describeFailure, requestJson } from "./api-request";
import { ActionError } from "./action-error";
import { PasskeyRenameForm } from "./passkey-rename-form";
import { PasskeySummary } from "./passkey-summary";
import type { StepUp } from "./use-step-up";

interface PasskeyRowProps {
  passkey: PasskeyView;
  now: number;
  send: StepUp["send"];
  /** The step-up prompt is open (StepUp's isAsking): a removal waits for it, at rest. */
  isStepUpAsking: boolean;
  onChanged: (message: string, wasRemoved: boolean) => void;
}

/**
 * One passkey: its name, when it was added and last used, whether it lives on one device or syncs (and is
 * backed up); renamed in place, removed after a confirmation that names it. `onChanged` reports what
 * happened (the panel announces it and reloads the list).
 */
export function PasskeyRow({ passkey, now, send, isStepUpAsking, onChanged }: PasskeyRowProps): JSX.Element {
  const [mode, setMode] = useState<"idle" | "renaming" | "confirming">("idle");
  const [isRemoving, setIsRemoving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const renameRef = useRef<HTMLButtonElement>(null);
  const wasRenaming = useRef(false);
  // The confirmation takes the focus; back from renaming, the Rename button has it again.
  useEffect(() => {
    if (mode === "confirming") confirmRef.current?.focus();
    if (mode === "idle" && wasRenaming.current) renameRef.current?.focus();
    wasRenaming.current = mode === "renaming";
  }, [mode]);

  const remove = async (): Promise<void> => {
    setIsRemoving(true);
    setError(null);
    const result = await send(() => requestJson<null>("DELETE", `/api/passkeys/${encodeURIComponent(passkey.id)}/`));
    setIsRemoving(false);
    if (result === null) return;
    if (!result.ok && result.status !== 404) {
      setError(describeFailure(result));
      return;
    }
    onChanged(`Removed the passkey ${passkey.name}`, true);
  };

  return (
    <li className="passkey">
      <PasskeySummary passkey={passkey} now={now} />
      {mode === "renaming" ? (
        <PasskeyRenameForm
          id={passkey.id}
          name={passkey.name}
          onRenamed={(name) => {
            setMode("idle");
            onChanged(`Renamed the passkey to ${name}`, false);
          }}
          onCancel={() => setMode("idle")}
        />
      ) : mode === "confirming" ? (
        <div className="passkey-confirm" role="group" aria-label={`Remove ${passkey.name}`}>
          <p>Remove {passkey.name}? You can no longer sign in with it.</p>
          <div className="actions">
            <button ref={confirmRef} type="button" className="button button-primary" onClick={remove} disabled={isRemoving}>
              {isRemoving && !isStepUpAsking ? "Removing…" : "Yes, remove it"}
            </button>
            <button type="button" className="button button-secondary" onClick={() => setMode("idle")} disabled={isRemoving}>
              Keep it
            </button>
          </div>
        </div>
      ) : (
        <div className="actions">
          <button ref={renameRef} type="button" className="button button-secondary button-small" onClick={() => setMode("renaming")} aria-label={`Rename ${passkey.name}`}>
            Rename
          </button>
          <button type="button" className="button button-secondary button-small" onClick={() => setMode("confirming")} aria-label={`Remove ${passkey.name}`}>
            Remove
          </button>
        </div>
      )}
      <ActionError message={error} />
    </li>
  );
}
