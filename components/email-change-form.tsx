"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useEffect, useState, type JSX } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { emailChangeConfirmSchema, emailChangeSchema, type EmailChangeConfirmInput, type EmailChangeInput } from "@/lib/validation/auth";
import { describeFailure, postJson } from "./api-request";
import { applyServerErrors } from "./apply-server-errors";
import { CodeStatus } from "./code-status";
import { FormAlert } from "./form-alert";
import { FormField } from "./form-field";
import { LiveNotice } from "./live-notice";
import { OtpCodeField } from "./otp-code-field";
import { clearPendingEmailChange, readPendingEmailChange, savePendingEmailChange } from "./pending-email-change";
import { SubmitButton } from "./submit-button";
import { useCodeState } from "./use-code-state";
import { useStepUp } from "./use-step-up";

/**
 * `change`: a verified account moves to another address (dashboard). `correct`: an unverified account fixes
 * a typo from /verify; the code then verifies it too, and the page moves on to the dashboard.
 */
export type EmailChangeMode = "change" | "correct";

interface EmailChangeFormProps {
  mode: EmailChangeMode;
  /** Seconds a freshly sent code lives (the server's OTP_LIFETIME). */
  lifetimeSeconds: number;
  /** Shown in step one: back to entering the code (correct mode). */
  onCancel?: () => void;
}

/** Step one: the new address and the password; the answer is the same whether the address is free or not. */
function RequestStep({ initialEmail, onSent, onCancel }: { initialEmail: string; onSent: (email: string) => void; onCancel?: () => void }): JSX.Element {
  const {
    register,
    handleSubmit,
    setError,
    setFocus,
    formState: { errors, isSubmitting },
  } = useForm<z.input<typeof emailChangeSchema>, unknown, EmailChangeInput>({
    resolver: zodResolver(emailChangeSchema),
    defaultValues: { new_email: initialEmail, password: "" },
  });
  const stepUp = useStepUp("email-change");
  useEffect(() => {
    if (onCancel || initialEmail) setFocus("new_email");
  }, [onCancel, initialEmail, setFocus]);

  const onSubmit = async (input: EmailChangeInput): Promise<void> => {
    const result = await stepUp.send(() => postJson<{ detail: string }>("/api/email/change/", input));
    if (!result) return;
    if (result.ok) onSent(input.new_email);
    else if (result.code === "otp_cooldown") setError("root.server", { type: result.code, message: describeFailure(result, "a minute") });
    else applyServerErrors(setError, result, ["new_email", "password"]);
  };

  return (
    <>
      <form ref={stepUp.returnFocusRef} className="form" onSubmit={handleSubmit(onSubmit)} noValidate aria-label="Change the email address">
        {errors.root?.server ? <FormAlert tone="error">{errors.root.server.message}</FormAlert> : null}
        <FormField id="new_email" label="New email address" type="email" autoComplete="email" spellCheck={false} error={errors.new_email?.message} {...register("new_email")} />
        <FormField
          id="email-change-password"
          label="Your password"
          type="password"
          autoComplete="current-password"
          hint="To be sure it is you."
          error={errors.password?.message}
          {...register("password")}
        />
        <SubmitButton isPending={isSubmitting && !stepUp.isAsking} isDisabled={stepUp.isAsking} pendingLabel="Sending…">
          Send a code to the new address
        </SubmitButton>
        {onCancel ? (
          <button type="button" className="button button-link" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </form>
      {stepUp.prompt}
    </>
  );
}

/** Step two: the code from the new address; wrong, expired or used-up codes as on /verify. */
function ConfirmStep({ target, mode, expiresInSeconds, onStartOver, onChanged }: { target: string; mode: EmailChangeMode; expiresInSeconds: number; onStartOver: () => void; onChanged: (email: string) => void }): JSX.Element {
  const router = useRouter();
  const [isLeaving, setIsLeaving] = useState(false);
  const code = useCodeState({ expiresInSeconds, isCodeSpent: false, lockedForSeconds: 0 }, true);
  const {
    register,
    handleSubmit,
    setError,
    setFocus,
    setValue,
    clearErrors,
    formState: { errors, isSubmitting },
  } = useForm<z.input<typeof emailChangeConfirmSchema>, unknown, EmailChangeConfirmInput>({ resolver: zodResolver(emailChangeConfirmSchema), defaultValues: { otp: "" } });
  useEffect(() => setFocus("otp"), [setFocus]);

  const onSubmit = async (input: EmailChangeConfirmInput): Promise<void> => {
    const result = await postJson<{ detail: string; email: string }>("/api/email/change/confirm/", input);
    if (result.ok) {
      clearPendingEmailChange();
      if (mode === "correct") {
        setIsLeaving(true);
        router.replace("/dashboard");
      } else {
        onChanged(result.data.email);
        router.refresh();
      }
      return;
    }
    if (code.takeFailure(result)) clearErrors("otp");
    else if (result.code === "otp_invalid") setError("otp", { type: result.code, message: describeFailure(result) }, { shouldFocus: true });
    else applyServerErrors(setError, result, ["otp"]);
  };

  return (
    <div className="stack">
      <form className="form" onSubmit={handleSubmit(onSubmit)} noValidate aria-label="Confirm the email change">
        <FormAlert tone="info">
          We sent a 6-digit code to <strong className="break">{target}</strong>. Enter it to confirm the change.
        </FormAlert>
        {errors.root?.server ? <FormAlert tone="error">{errors.root.server.message}</FormAlert> : null}
        <OtpCodeField
          id="email-change-otp"
          label="Code sent to the new address"
          error={errors.otp?.message}
          onPasteCode={(pasted) => setValue("otp", pasted, { shouldDirty: true })}
          {...register("otp")}
        />
        <CodeStatus state={code} />
        <SubmitButton isPending={isSubmitting || isLeaving} isDisabled={code.dead !== null} pendingLabel="Checking…">
          {mode === "correct" ? "Verify the new address" : "Confirm the new address"}
        </SubmitButton>
      </form>
      <p className="muted">
        No code, or a typo again?{" "}
        <button type="button" className="button button-link" onClick={onStartOver}>
          Start over
        </button>
      </p>
    </div>
  );
}

/** Moves the account to another address in two steps: a code to the new address, then that code. */
export function EmailChangeForm({ mode, lifetimeSeconds, onCancel }: EmailChangeFormProps): JSX.Element {
  const [sent, setSent] = useState<{ target: string; expiresInSeconds: number } | null>(null);
  const [draft, setDraft] = useState("");
  const [changedTo, setChangedTo] = useState<string | null>(null);
  const target = sent?.target ?? null;

  // After a reload, back to the code step while its code lives (read after hydration: storage is per tab).
  useEffect(() => {
    const pending = readPendingEmailChange(mode);
    if (pending) setSent({ target: pending.target, expiresInSeconds: pending.expiresInSeconds });
  }, [mode]);

  const startOver = (): void => {
    clearPendingEmailChange();
    setDraft(target ?? "");
    setSent(null);
  };
  const changed = (email: string): void => {
    setChangedTo(email);
    setDraft("");
    setSent(null);
  };
  // The live region stays mounted across both steps, so what it says is read when it changes.
  return (
    <div className="stack">
      <LiveNotice notice={changedTo ? `Your email address is now ${changedTo}. Your other devices were signed out.` : null} />
      {target ? (
        <ConfirmStep key={target} target={target} mode={mode} expiresInSeconds={sent?.expiresInSeconds ?? lifetimeSeconds} onStartOver={startOver} onChanged={changed} />
      ) : (
        <RequestStep
          initialEmail={draft}
          onCancel={
            onCancel
              ? () => {
                  clearPendingEmailChange();
                  onCancel();
                }
              : undefined
          }
          onSent={(email) => {
            savePendingEmailChange(mode, email, lifetimeSeconds);
            setChangedTo(null);
            setSent({ target: email, expiresInSeconds: lifetimeSeconds });
          }}
        />
      )}
    </div>
  );
}
