"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useEffect, useRef, useState, type JSX } from "react";
import { useForm } from "react-hook-form";
import { totpSetupSchema, type TotpSetupInput } from "@/lib/validation/mfa";
import { postJson } from "./api-request";
import { announce } from "./announcer";
import { applyServerErrors } from "./apply-server-errors";
import { FormAlert } from "./form-alert";
import { FormField } from "./form-field";
import { SecondFactorForm } from "./second-factor-form";
import { SubmitButton } from "./submit-button";
import { useCopy } from "./use-copy";
import { useStepUp } from "./use-step-up";

interface TotpSetupAnswer {
  secret: string;
  otpauth_url: string;
  qr_svg: string;
}

/** POST /api/mfa/totp/confirm/'s answer: ten new recovery codes, or none when the account's unused ones are kept. */
export interface TotpConfirmed {
  recovery_codes: string[];
  recovery_codes_remaining: number;
}

/** The key as people type it: groups of four. */
export function groupKey(secret: string): string {
  return secret.match(/.{1,4}/g)?.join(" ") ?? secret;
}

/** Step one: the password again, as for any change to how the account signs in. */
function PasswordStep({ notice, onStarted, onCancel }: { notice: string | null; onStarted: (answer: TotpSetupAnswer) => void; onCancel: () => void }): JSX.Element {
  const {
    register,
    handleSubmit,
    setError,
    setFocus,
    formState: { errors, isSubmitting },
  } = useForm<TotpSetupInput>({ resolver: zodResolver(totpSetupSchema), defaultValues: { password: "" } });
  useEffect(() => setFocus("password"), [setFocus]);
  // Beside a passkey, adding the app needs a recent second factor, as adding another passkey does.
  const stepUp = useStepUp("totp-setup");

  const onSubmit = async (input: TotpSetupInput): Promise<void> => {
    const result = await stepUp.send(() => postJson<TotpSetupAnswer>("/api/mfa/totp/setup/", input));
    if (!result) return;
    if (result.ok) onStarted(result.data);
    else applyServerErrors(setError, result, ["password"]);
  };

  return (
    <>
      <form ref={stepUp.returnFocusRef} className="form" onSubmit={handleSubmit(onSubmit)} noValidate aria-label="Set up an authenticator app">
        {errors.root?.server ? <FormAlert tone="error">{errors.root.server.message}</FormAlert> : notice ? <FormAlert tone="error">{notice}</FormAlert> : null}
        <FormField id="totp-setup-password" label="Your password" type="password" autoComplete="current-password" hint="To be sure it is you." error={errors.password?.message} {...register("password")} />
        <div className="actions">
          <SubmitButton isPending={isSubmitting && !stepUp.isAsking} isDisabled={stepUp.isAsking} pendingLabel="Checking…">
            Continue
          </SubmitButton>
          <button type="button" className="button button-secondary" onClick={onCancel} disabled={isSubmitting}>
            Cancel
          </button>
        </div>
      </form>
      {stepUp.prompt}
    </>
  );
}

/** Where the QR code cannot be scanned (it is on the phone's own screen): the otpauth:// link an authenticator app opens, and the key to paste. */
function KeyActions({ secret, otpauthUrl }: { secret: string; otpauthUrl: string }): JSX.Element {
  const { copyState, copy } = useCopy(secret);
  return (
    <>
      <div className="actions">
        <a className="button button-secondary" href={otpauthUrl}>
          Open in authenticator app
        </a>
        <button type="button" className="button button-secondary" onClick={copy}>
          Copy key
        </button>
      </div>
      <p className="muted" role="status">
        {copyState === "copied" ? "Copied the key." : copyState === "failed" ? "This browser did not let us copy. Select the key and copy it by hand." : ""}
      </p>
    </>
  );
}

/** Step two: the QR code (drawn by our server, shown as an image so none of its markup runs here), the key in text, and a code to confirm. */
function ScanStep({ answer, onEnabled, onLapsed, onCancel }: { answer: TotpSetupAnswer; onEnabled: (answer: TotpConfirmed) => void; onLapsed: () => void; onCancel: () => void }): JSX.Element {
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    headingRef.current?.focus();
    announce("Scan the QR code with your authenticator app, then enter the code it shows.");
  }, []);
  const qrSource = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(answer.qr_svg)}`;
  return (
    <div className="stack">
      <h3 ref={headingRef} tabIndex={-1}>
        Scan the QR code
      </h3>
      <p>Open your authenticator app (such as Google Authenticator, Microsoft Authenticator, 1Password or Aegis), add an account and scan this code.</p>
      <img className="qr-code" src={qrSource} alt="QR code to add this account to an authenticator app" width={192} height={192} />
      <div>
        <p>Cannot scan it (on this phone&apos;s own screen, say)? Open it in your authenticator app from here, or copy or type this key into the app:</p>
        <p className="totp-key">
          <code data-testid="totp-key">{groupKey(answer.secret)}</code>
        </p>
        <KeyActions secret={answer.secret} otpauthUrl={answer.otpauth_url} />
      </div>
      <SecondFactorForm
        idPrefix="totp-confirm"
        label="Confirm the authenticator app"
        methods={["totp"]}
        submitLabel="Turn on"
        pendingLabel="Checking…"
        onProof={async ({ proof }) => {
          const result = await postJson<TotpConfirmed>("/api/mfa/totp/confirm/", proof);
          // Left unconfirmed for 30 minutes, this secret is dead: back to the start for a new one.
          if (!result.ok && result.code === "mfa_setup_required") return (onLapsed(), null);
          if (!result.ok) return result;
          onEnabled(result.data);
          return null;
        }}
        onCancel={onCancel}
      />
    </div>
  );
}

/** Setting up the authenticator app: password, then scan and confirm with a current code. */
export function TotpSetup({ onEnabled, onCancel }: { onEnabled: (answer: TotpConfirmed) => void; onCancel: () => void }): JSX.Element {
  const [answer, setAnswer] = useState<TotpSetupAnswer | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const lapse = (): void => {
    setAnswer(null);
    setNotice("That QR code was shown more than 30 minutes ago and no longer works. Enter your password to get a new one.");
  };
  return answer ? (
    <ScanStep answer={answer} onEnabled={onEnabled} onLapsed={lapse} onCancel={onCancel} />
  ) : (
    <PasswordStep notice={notice} onStarted={(started) => (setNotice(null), setAnswer(started))} onCancel={onCancel} />
  );
}
