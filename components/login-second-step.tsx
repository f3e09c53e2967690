"use client";

import { useRouter } from "next/navigation";
import { useState, type JSX } from "react";
import { describeFailure, postJson, type ApiFailure } from "./api-request";
import { provePasskey } from "./passkey-ceremony";
import { toSafeNextPath } from "./safe-next-path";
import { SecondFactorForm } from "./second-factor-form";
import { WAY_INSTRUCTIONS, type ProofWay } from "./second-factor-ways";

/** Refusals after which this sign-in is over: only the password again starts another. */
const ENDS_THE_SIGN_IN = new Set(["mfa_token_invalid", "mfa_attempts_exhausted"]);

const HINTS: Record<ProofWay, string> = {
  passkey: "Your password is right. Now use your passkey: your device asks for your fingerprint, face or screen lock.",
  code: "Your password is right. Open your authenticator app and enter the code it shows for this account.",
  recovery_code: "Your password is right. Enter one of the recovery codes you saved.",
};

/**
 * The sign-in's second step, after a right password for an account with a second factor: the ways `methods`
 * (mfa_required's) lists, the passkey first (options for this step's `mfa_token`: only that account's
 * passkeys), a code from the authenticator app or a recovery code, each sent with the `mfa_token` to
 * POST /api/login/mfa/. `onRestart` goes back to the password, with the sentence to show there (null: the
 * person chose to).
 */
export function LoginSecondStep({
  mfaToken,
  methods,
  next,
  onRestart,
}: {
  mfaToken: string;
  methods: readonly string[];
  next: string;
  onRestart: (reason: string | null) => void;
}): JSX.Element {
  const router = useRouter();
  const [isLeaving, setIsLeaving] = useState(false);
  const [isRemembered, setIsRemembered] = useState(false);
  const remember = isRemembered ? { remember_browser: true } : {};

  const endsTheSignIn = (result: ApiFailure): boolean => {
    if (!ENDS_THE_SIGN_IN.has(result.code)) return false;
    onRestart(describeFailure(result));
    return true;
  };
  const leave = (): void => {
    setIsLeaving(true);
    router.replace(toSafeNextPath(next));
  };

  return (
    <SecondFactorForm
      idPrefix="login-mfa"
      label="Two-factor authentication"
      methods={methods}
      isFocusedOnMount
      announceOnOpen={(way) => `Two-factor authentication. ${WAY_INSTRUCTIONS[way]}`}
      isBusy={isLeaving}
      intro={(way) => (
        <>
          <h2 className="step-title">Two-factor authentication</h2>
          <p className="field-hint">{HINTS[way]}</p>
        </>
      )}
      submitLabel="Verify and sign in"
      pendingLabel="Signing in…"
      onProof={async ({ proof }) => {
        const result = await postJson<Record<string, never>>("/api/login/mfa/", { mfa_token: mfaToken, ...proof, ...remember });
        if (result.ok) leave();
        return result.ok || endsTheSignIn(result) ? null : result;
      }}
      onPasskey={async () => {
        const proof = await provePasskey({ body: { mfa_token: mfaToken } }, (passkey) => postJson<Record<string, never>>("/api/login/mfa/", { mfa_token: mfaToken, passkey, ...remember }));
        if (proof.ok) leave();
        else if (proof.failure) endsTheSignIn(proof.failure);
        return proof;
      }}
      onCancel={() => onRestart(null)}
      cancelLabel="Back"
    >
      <div className="field">
        <div className="checkbox">
          <input id="login-mfa-remember" type="checkbox" checked={isRemembered} onChange={(event) => setIsRemembered(event.target.checked)} aria-describedby="login-mfa-remember-hint" />
          <label htmlFor="login-mfa-remember">Remember this browser for 30 days</label>
        </div>
        <p id="login-mfa-remember-hint" className="field-hint">
          Only on a browser of your own: it then signs in with your password alone. You can forget it from your dashboard.
        </p>
      </div>
    </SecondFactorForm>
  );
}
