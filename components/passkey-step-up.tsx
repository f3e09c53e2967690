"use client";

import { useState, type JSX } from "react";
import { describeFailure, postJson } from "./api-request";
import { ActionError } from "./action-error";
import { askForPasskey } from "./passkey-ceremony";

/**
 * A passkey as the step-up's proof: options for this session (POST /api/passkeys/step-up/options/, the
 * account's passkeys only), the browser's prompt, then POST /api/mfa/verify/ with the assertion, which
 * raises the session for ten minutes. Offered above the code when the account has a passkey.
 */
export function PasskeyStepUp({ onVerified }: { onVerified: () => void }): JSX.Element {
  const [isPending, setIsPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const confirm = async (): Promise<void> => {
    setIsPending(true);
    setError(null);
    const ceremony = await askForPasskey({}, { optionsUrl: "/api/passkeys/step-up/options/" });
    const result = ceremony.ok ? await postJson<Record<string, never>>("/api/mfa/verify/", { passkey: ceremony.answer }) : ceremony.failure;
    setIsPending(false);
    if (result?.ok) {
      onVerified();
      return;
    }
    setError(result ? describeFailure(result) : ceremony.ok ? null : ceremony.message || null);
  };

  return (
    <div className="passkey-second-step">
      <button type="button" className="button button-primary" onClick={confirm} disabled={isPending}>
        {isPending ? "Waiting for your passkey…" : "Confirm with your passkey"}
      </button>
      <ActionError message={error} />
    </div>
  );
}
