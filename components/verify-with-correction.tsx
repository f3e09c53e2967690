"use client";

import { useState, type JSX } from "react";
import { EmailChangeForm } from "./email-change-form";
import { OtpForm, type OtpTimers } from "./otp-form";

/**
 * /verify for a signed-in account: the code sent to its address, or, for a typo at registration, a way
 * to correct the address (a code goes to the new one, and entering it verifies the account).
 */
export function VerifyWithCorrection({ email, timers, changeLifetimeSeconds }: { email: string; timers: OtpTimers; changeLifetimeSeconds: number }): JSX.Element {
  const [isCorrecting, setIsCorrecting] = useState(false);
  if (isCorrecting) {
    return (
      <div className="stack">
        <p className="sent-to">
          Your account uses <strong>{email}</strong>. Enter the right address and your password; we send a code there, and entering it verifies your account.
        </p>
        <EmailChangeForm mode="correct" lifetimeSeconds={changeLifetimeSeconds} onCancel={() => setIsCorrecting(false)} />
      </div>
    );
  }
  return (
    <div className="stack">
      <OtpForm email={email} isSignedIn timers={timers} />
      <p className="muted">
        Is {email} not your address?{" "}
        <button type="button" className="button button-link" onClick={() => setIsCorrecting(true)}>
          Correct your email address
        </button>
      </p>
    </div>
  );
}
