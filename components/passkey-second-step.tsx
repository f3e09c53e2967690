"use client";

import { useState, type JSX } from "react";
import { describeFailure, postJson, type ApiFailure } from "./api-request";
import { ActionError } from "./action-error";
import { askForPasskey } from "./passkey-ceremony";

/**
 * A passkey as the sign-in's second step, after a right password: options for this step's `mfa_token` (only
 * that account's passkeys), the browser's prompt, then POST /api/login/mfa/ with the assertion. `onSignedIn`
 * moves on; `onRefused` gets the refusals that end the sign-in (the caller goes back to the password).
 */
export function PasskeySecondStep({
  mfaToken,
  isRemembered,
  onSignedIn,
  onRefused,
}: {
  mfaToken: string;
  /** "Remember this browser" is ticked on the step's form. */
  isRemembered: boolean;
  onSignedIn: () => void;
  onRefused: (failure: ApiFailure) => boolean;
}): JSX.Element {
  const [isPending, setIsPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const usePasskey = async (): Promise<void> => {
    setIsPending(true);
    setError(null);
    const ceremony = await askForPasskey({ mfa_token: mfaToken });
    const result = ceremony.ok ? await postJson<Record<string, never>>("/api/login/mfa/", { mfa_token: mfaToken, passkey: ceremony.answer, ...(isRemembered ? { remember_browser: true } : {}) }) : ceremony.failure;
    if (result?.ok) {
      onSignedIn();
      return;
    }
    setIsPending(false);
    if (result && onRefused(result)) return;
    setError(result ? describeFailure(result) : ceremony.ok ? null : ceremony.message || null);
  };

  return (
    <div className="passkey-second-step">
      <button type="button" className="button button-primary" onClick={usePasskey} disabled={isPending}>
        {isPending ? "Waiting for your passkey…" : "Use your passkey"}
      </button>
      <ActionError message={error} />
    </div>
  );
}
