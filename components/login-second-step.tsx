"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState, type JSX } from "react";
import { describeFailure, postJson, type ApiFailure } from "./api-request";
import { announce } from "./announcer";
import { PasskeySecondStep } from "./passkey-second-step";
import { toSafeNextPath } from "./safe-next-path";
import { SecondFactorForm } from "./second-factor-form";

/** Refusals after which this sign-in is over: only the password again starts another. */
const ENDS_THE_SIGN_IN = new Set(["mfa_token_invalid", "mfa_attempts_exhausted"]);

/**
 * The sign-in's second step, after a right password for an account with a second factor: a code from the
 * authenticator app or a recovery code, sent with the first step's `mfa_token`. `onRestart` goes back to
 * the password, with the sentence to show there (null: the person chose to).
 */
export function LoginSecondStep({
  mfaToken,
  next,
  onRestart,
  hasPasskey = false,
}: {
  mfaToken: string;
  next: string;
  onRestart: (reason: string | null) => void;
  /** The account has a passkey this page can use: offered above the code (PasskeySecondStep). */
  hasPasskey?: boolean;
}): JSX.Element {
  const router = useRouter();
  const [isLeaving, setIsLeaving] = useState(false);
  const [isRemembered, setIsRemembered] = useState(false);
  useEffect(() => announce("Two-factor authentication. Enter the code from your authenticator app."), []);

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
    <>
      {hasPasskey ? <PasskeySecondStep mfaToken={mfaToken} isRemembered={isRemembered} onSignedIn={leave} onRefused={endsTheSignIn} /> : null}
      <SecondFactorForm
        idPrefix="login-mfa"
        label="Two-factor authentication"
        isFocusedOnMount
        isBusy={isLeaving}
        intro={
          <>
            <h2 className="step-title">Two-factor authentication</h2>
            <p className="field-hint">Your password is right. Open your authenticator app and enter the code it shows for this account.</p>
          </>
        }
        submitLabel="Verify and sign in"
        pendingLabel="Signing in…"
        onProof={async ({ proof }) => {
          const result = await postJson<Record<string, never>>("/api/login/mfa/", { mfa_token: mfaToken, ...proof, ...(isRemembered ? { remember_browser: true } : {}) });
          if (result.ok) leave();
          return result.ok || endsTheSignIn(result) ? null : result;
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
    </>
  );
}
