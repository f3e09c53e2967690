"use client";

import { useEffect, useState, type JSX } from "react";
import { EmailChangeForm } from "./email-change-form";
import { OtpForm, type OtpTimers } from "./otp-form";
import { readPendingEmailChange } from "./pending-email-change";

/**
 * /verify for a signed-in account: the code sent to its address, or, for a typo at registration, a way
 * to correct the address (a code goes to the new one, and entering it verifies the account). Each step
 * has its own title; a correction under way survives a reload.
 */
export function VerifyWithCorrection({ email, timers, changeLifetimeSeconds }: { email: string; timers: OtpTimers; changeLifetimeSeconds: number }): JSX.Element {
  const [isCorrecting, setIsCorrecting] = useState(false);
  useEffect(() => {
    if (readPendingEmailChange("correct")) setIsCorrecting(true);
  }, []);

  if (isCorrecting) {
    return (
      <>
        <h1 id="correct-title">Correct your email address</h1>
        <p className="lead">
          Your account uses <strong className="break">{email}</strong>. Enter the right address and your password; we send a code there, and entering it verifies
          your account.
        </p>
        <EmailChangeForm mode="correct" lifetimeSeconds={changeLifetimeSeconds} onCancel={() => setIsCorrecting(false)} />
      </>
    );
  }
  return (
    <>
      <h1 id="verify-title">Check your email</h1>
      <p className="lead">Enter the code we emailed you to confirm your address.</p>
      <div className="stack">
        <OtpForm email={email} isSignedIn timers={timers} />
        <p className="muted">
          Is {email} not your address?{" "}
          <button type="button" className="button button-link" onClick={() => setIsCorrecting(true)}>
            Correct your email address
          </button>
        </p>
      </div>
    </>
  );
}
