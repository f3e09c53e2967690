"use client";

import { useRouter } from "next/navigation";
import { useRef, useState, type JSX } from "react";
import { describeFailure, postJson, requestJson } from "./api-request";
import { ActionError } from "./action-error";
import { announce } from "./announcer";
import { FormAlert } from "./form-alert";
import { LiveNotice } from "./live-notice";
import { useCanUsePasskeys } from "./passkey-host";
import { RecoveryCodesView, type RecoveredFactor } from "./recovery-codes-view";
import { RelativeTime } from "./relative-time";
import { SecondFactorForm } from "./second-factor-form";
import { TotpSetup, type TotpConfirmed } from "./totp-setup";
import { TrustedBrowsers, type TrustedBrowserItem } from "./trusted-browsers";
import { useStepUp } from "./use-step-up";

/** What the dashboard knows of the account's second factor (from GET /api/mfa/'s use case). */
export interface TwoFactorStatus {
  /** The authenticator app is on. */
  isOn: boolean;
  /** The account has a passkey, a second factor too (the passkeys panel manages it). */
  hasPasskey: boolean;
  /** ISO time the authenticator app was turned on. */
  enabledAt: string | null;
  recoveryCodesLeft: number;
}

/** At or below this many unused recovery codes the panel suggests new ones. */
const FEW_CODES = 3;

/** What DELETE /api/mfa/totp/ takes beside the password: the app's code or a recovery code. */
const TURN_OFF_METHODS = ["totp", "recovery_code"] as const;

type Mode = "idle" | "setup" | "remove";

function describeCodesLeft(count: number): string {
  return count === 1 ? "1 recovery code left" : `${count} recovery codes left`;
}

/**
 * The dashboard's "Two-factor authentication" panel: set up an authenticator app (QR code, key, confirm),
 * the recovery codes shown once, how many remain, new ones (after a step-up), turning it off, and the
 * browsers that skip the second step. The codes and the browsers belong to any second factor: an account
 * whose only one is a passkey has them too.
 */
interface TwoFactorPanelProps {
  status: TwoFactorStatus;
  trustedBrowsers: TrustedBrowserItem[];
  email: string;
  /** Opened by the admin pages' gate (/dashboard?enrol=staff): say why a staff account is here. */
  isStaffEnrolment: boolean;
  now: number;
}

export function TwoFactorPanel({ status, trustedBrowsers, email, isStaffEnrolment, now }: TwoFactorPanelProps): JSX.Element {
  const router = useRouter();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [mode, setMode] = useState<Mode>("idle");
  const [codes, setCodes] = useState<{ fresh: string[]; factor: RecoveredFactor } | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [isRenewing, setIsRenewing] = useState(false);
  const stepUp = useStepUp("recovery-codes");

  const backToPanel = (message: string | null): void => {
    setMode("idle");
    setOutcome(message);
    router.refresh();
    window.setTimeout(() => headingRef.current?.focus(), 0);
  };

  const showCodes = (fresh: string[], factor: RecoveredFactor, message: string): void => {
    setMode("idle");
    setOutcome(message);
    setCodes({ fresh, factor });
    router.refresh();
  };

  // Beside a passkey the account keeps the recovery codes it has (POST /api/mfa/totp/confirm/ answers none): nothing new to save.
  const appAdded = (answer: TotpConfirmed): void => {
    if (answer.recovery_codes.length > 0) return showCodes(answer.recovery_codes, "app", status.hasPasskey ? "The authenticator app is added." : "Two-factor authentication is on.");
    const kept = answer.recovery_codes_remaining;
    const message = `The authenticator app is added. Your recovery codes are unchanged: the ${kept === 1 ? "one" : kept} you saved still work.`;
    announce(message);
    backToPanel(message);
  };

  const renewCodes = async (): Promise<void> => {
    setIsRenewing(true);
    setError(null);
    const result = await stepUp.send(() => postJson<{ recovery_codes: string[] }>("/api/mfa/recovery-codes/", {}));
    setIsRenewing(false);
    if (!result) return;
    if (result.ok) showCodes(result.data.recovery_codes, status.isOn ? "app" : "passkey", "New recovery codes are made. The old ones no longer work.");
    else setError(describeFailure(result));
  };

  const canAddPasskey = useCanUsePasskeys();
  const hasFactor = status.isOn || status.hasPasskey;
  const codesLeft = status.recoveryCodesLeft;
  return (
    <section className="panel" id="two-factor" aria-labelledby="two-factor-title">
      {/* Sent here to enrol (/dashboard?enrol=staff#two-factor): arriving, focus starts at this panel, not the page's heading. */}
      <h2 id="two-factor-title" ref={headingRef} tabIndex={-1} data-arrival-focus={isStaffEnrolment && !hasFactor ? "" : undefined}>
        Two-factor authentication
      </h2>
      {isStaffEnrolment && !hasFactor ? (
        <FormAlert tone="info" isPageNotice>
          Your account is a staff account: the admin pages need two-factor authentication. Set up an authenticator app here
          {canAddPasskey ? ", or add a passkey below," : null} to reach them.
        </FormAlert>
      ) : null}
      <LiveNotice notice={codes ? null : outcome} />
      {codes ? (
        <RecoveryCodesView
          codes={codes.fresh}
          email={email}
          factor={codes.factor}
          onDone={() => {
            setCodes(null);
            backToPanel(outcome);
          }}
        />
      ) : mode === "setup" ? (
        <TotpSetup onEnabled={appAdded} onCancel={() => backToPanel(null)} />
      ) : (
        <>
          {status.isOn ? (
            <p>
              <span className="badge badge-ok">On</span> Authenticator app{status.enabledAt ? <>, since <RelativeTime date={new Date(status.enabledAt)} now={now} /></> : null}.
            </p>
          ) : status.hasPasskey ? (
            <p>
              <span className="badge badge-ok">On</span> Your passkey is your second factor. An authenticator app on your phone can be another.
            </p>
          ) : (
            <p className="muted">Set up an authenticator app on your phone and signing in will ask for a code from it as well as your password, so a stolen password is not enough.</p>
          )}
          {hasFactor ? (
            <p className={codesLeft <= FEW_CODES ? "alert alert-warning" : "muted"}>
              {describeCodesLeft(codesLeft)}.{codesLeft <= FEW_CODES ? " Make new ones before you run out." : ""}
            </p>
          ) : null}
          {mode === "remove" ? (
            <SecondFactorForm
              idPrefix="totp-remove"
              label={status.hasPasskey ? "Turn off the authenticator app" : "Turn off two-factor authentication"}
              methods={TURN_OFF_METHODS}
              asksPassword
              isFocusedOnMount
              intro={
                <p className="field-hint">
                  Enter your password and a code from your app (or a recovery code): the password alone cannot turn it off.{" "}
                  {status.hasPasskey ? "Your passkey stays your second factor." : "Your recovery codes stop working too."}
                </p>
              }
              submitLabel="Turn off"
              pendingLabel="Turning off…"
              onProof={async ({ proof, password }) => {
                const result = await requestJson<null>("DELETE", "/api/mfa/totp/", { password, ...proof });
                if (!result.ok) return result;
                const message = status.hasPasskey ? "The authenticator app is off. Your passkey stays your second factor." : "Two-factor authentication is off.";
                announce(message);
                backToPanel(message);
                return null;
              }}
              onCancel={() => backToPanel(null)}
            />
          ) : (
            <div className="actions">
              {hasFactor ? (
                <button ref={stepUp.returnFocusRef} type="button" className="button button-secondary" onClick={renewCodes} disabled={isRenewing}>
                  {isRenewing && !stepUp.isAsking ? "Making codes…" : "New recovery codes"}
                </button>
              ) : null}
              {status.isOn ? (
                <button type="button" className="button button-secondary" onClick={() => setMode("remove")} disabled={isRenewing}>
                  Turn off
                </button>
              ) : (
                <button type="button" className={`button ${hasFactor ? "button-secondary" : "button-primary"}`} onClick={() => setMode("setup")} disabled={isRenewing}>
                  Set up{hasFactor ? " an authenticator app" : ""}
                </button>
              )}
            </div>
          )}
          {stepUp.prompt}
          <ActionError message={error} />
          {hasFactor ? <TrustedBrowsers browsers={trustedBrowsers} now={now} /> : null}
        </>
      )}
    </section>
  );
}
