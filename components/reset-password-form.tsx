"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useEffect, useState, type JSX } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import {
  passwordResetConfirmSchema,
  passwordResetSchema,
  type PasswordResetConfirmInput,
  type PasswordResetInput,
} from "@/lib/validation/auth";
import { describeFailure, postJson } from "./api-request";
import { applyServerErrors } from "./apply-server-errors";
import { CodeStatus } from "./code-status";
import { FormAlert } from "./form-alert";
import { FormField } from "./form-field";
import { LiveNotice } from "./live-notice";
import { OtpCodeField } from "./otp-code-field";
import { PASSWORD_RULES } from "./password-rules";
import { rememberSignInEmail } from "./remembered-email";
import { ResendCode } from "./resend-code";
import { SubmitButton } from "./submit-button";
import { useCodeState } from "./use-code-state";

const CONFIRM_FIELDS = ["email", "otp", "password", "password2"] as const;
const REQUEST_URL = "/api/password/reset/";

/** How long a reset code lives and how long to wait between two: the server's settings. */
export interface ResetCodePolicy {
  lifetimeSeconds: number;
  cooldownSeconds: number;
}

/** Where step two starts: the address, and what is known of its code's timers. */
interface SentCode {
  email: string;
  /** null: a code was sent earlier (a cooldown answer), so its expiry is unknown here. */
  expiresInSeconds: number | null;
  resendInSeconds: number;
  /** The page's own notice says where the code went ("This wasn't me" sent it to the signed-in owner): no hedge above the form. */
  isToldByPage?: boolean;
}

/** Step one: ask for a code. The answer is the same whether or not the email has an account. */
function RequestCodeForm({ initialEmail, policy, onSent }: { initialEmail: string; policy: ResetCodePolicy; onSent: (sent: SentCode) => void }): JSX.Element {
  const {
    register,
    handleSubmit,
    setError,
    setFocus,
    formState: { errors, isSubmitting },
  } = useForm<z.input<typeof passwordResetSchema>, unknown, PasswordResetInput>({ resolver: zodResolver(passwordResetSchema), defaultValues: { email: initialEmail } });
  // Back from step two to correct the address: the cursor is where the correction goes.
  useEffect(() => {
    if (initialEmail) setFocus("email");
  }, [initialEmail, setFocus]);

  const onSubmit = async (input: PasswordResetInput): Promise<void> => {
    const result = await postJson<{ detail: string }>(REQUEST_URL, input);
    if (result.ok) onSent({ email: input.email, expiresInSeconds: policy.lifetimeSeconds, resendInSeconds: policy.cooldownSeconds });
    else if (result.code === "otp_cooldown") onSent({ email: input.email, expiresInSeconds: null, resendInSeconds: result.retryAfter ?? policy.cooldownSeconds });
    else applyServerErrors(setError, result, ["email"]);
  };

  return (
    <form className="form" onSubmit={handleSubmit(onSubmit)} noValidate aria-labelledby="reset-title">
      {errors.root?.server ? <FormAlert tone="error">{errors.root.server.message}</FormAlert> : null}
      <FormField id="email" label="Email" type="email" autoComplete="email" spellCheck={false} error={errors.email?.message} {...register("email")} />
      <SubmitButton isPending={isSubmitting} pendingLabel="Sending…">
        Email me a code
      </SubmitButton>
    </form>
  );
}

/**
 * Step two: the code and the new password together; the code survives a refused password. The code's
 * countdown, a resend with its cooldown, and a way back to correct the address, as on /verify.
 */
function SetPasswordForm({ sent, policy, onChangeEmail }: { sent: SentCode; policy: ResetCodePolicy; onChangeEmail: () => void }): JSX.Element {
  const router = useRouter();
  const [isLeaving, setIsLeaving] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const code = useCodeState({ expiresInSeconds: sent.expiresInSeconds, isCodeSpent: false, lockedForSeconds: 0 }, false);
  const {
    register,
    handleSubmit,
    setError,
    setValue,
    setFocus,
    clearErrors,
    formState: { errors, isSubmitting },
  } = useForm<z.input<typeof passwordResetConfirmSchema>, unknown, PasswordResetConfirmInput>({
    resolver: zodResolver(passwordResetConfirmSchema),
    defaultValues: { email: sent.email, otp: "", password: "", password2: "" },
  });

  const onSubmit = async (input: PasswordResetConfirmInput): Promise<void> => {
    setNotice(null);
    const result = await postJson<{ detail: string }>("/api/password/reset/confirm/", input);
    if (result.ok) {
      setIsLeaving(true);
      rememberSignInEmail(input.email);
      router.replace("/login?password_reset=1");
      return;
    }
    if (code.takeFailure(result)) clearErrors("otp");
    else if (result.code === "otp_invalid") setError("otp", { type: "server", message: describeFailure(result) }, { shouldFocus: true });
    else return applyServerErrors(setError, result, CONFIRM_FIELDS);
    // A refused code comes with the password rules that need no account: show them too, so one try says all.
    const passwordErrors = result.fieldErrors.password;
    if (passwordErrors) setError("password", { type: "server", message: passwordErrors.join(" ") });
  };

  const onResent = (): void => {
    setValue("otp", "");
    clearErrors("otp");
    code.renew(policy.lifetimeSeconds);
    setNotice(`If ${sent.email} has an account, a new code is on its way. It replaces the previous one.`);
    setFocus("otp");
  };

  return (
    <div className="stack">
      <form className="form" onSubmit={handleSubmit(onSubmit)} noValidate aria-labelledby="reset-title">
        {sent.isToldByPage ? null : sent.expiresInSeconds === null ? (
          // The cooldown answered: nothing was sent now, an earlier code is the one to use.
          <FormAlert tone="info">
            If {sent.email} has an account, a code was emailed to it moments ago: enter that one. You can ask for a new code once the wait below is over.
          </FormAlert>
        ) : (
          <FormAlert tone="info">If {sent.email} has an account, we emailed it a 6-digit code. It works once, for a few minutes.</FormAlert>
        )}
        {errors.root?.server ? <FormAlert tone="error">{errors.root.server.message}</FormAlert> : null}
        <input type="hidden" {...register("email")} />
        <OtpCodeField label="Code from the email" error={errors.otp?.message} onPasteCode={(pasted) => setValue("otp", pasted, { shouldDirty: true })} {...register("otp")} />
        <CodeStatus state={code} />
        <FormField id="password" label="New password" type="password" autoComplete="new-password" hint={PASSWORD_RULES} error={errors.password?.message} {...register("password")} />
        <FormField id="password2" label="Confirm new password" type="password" autoComplete="new-password" error={errors.password2?.message} {...register("password2")} />
        <SubmitButton isPending={isSubmitting || isLeaving} isDisabled={code.dead !== null} pendingLabel="Saving…">
          Set new password
        </SubmitButton>
      </form>
      <LiveNotice notice={notice} />
      <ResendCode
        url={REQUEST_URL}
        getEmail={() => sent.email}
        initialWaitSeconds={sent.resendInSeconds}
        cooldownSeconds={policy.cooldownSeconds}
        onSent={onResent}
        onEmailMissing={onChangeEmail}
      />
      <p className="muted">
        Wrong address?{" "}
        <button type="button" className="button button-link" onClick={onChangeEmail}>
          Use a different email
        </button>
      </p>
    </div>
  );
}

/** `initialEmail`: a code was already sent to it (e.g. "This wasn't me" on the dashboard): start at step two. */
export function ResetPasswordForm({ initialEmail = null, policy }: { initialEmail?: string | null; policy: ResetCodePolicy }): JSX.Element {
  const [sent, setSent] = useState<SentCode | null>(() =>
    initialEmail ? { email: initialEmail, expiresInSeconds: policy.lifetimeSeconds, resendInSeconds: policy.cooldownSeconds, isToldByPage: true } : null,
  );
  const [lastEmail, setLastEmail] = useState(initialEmail ?? "");
  if (sent) {
    const back = (): void => {
      setLastEmail(sent.email);
      setSent(null);
    };
    return <SetPasswordForm key={sent.email} sent={sent} policy={policy} onChangeEmail={back} />;
  }
  return <RequestCodeForm initialEmail={lastEmail} policy={policy} onSent={setSent} />;
}
