"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState, type JSX } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import {
  passwordResetConfirmSchema,
  passwordResetSchema,
  type PasswordResetConfirmInput,
  type PasswordResetInput,
} from "@/lib/validation/auth";
import { postJson } from "./api-request";
import { applyServerErrors } from "./apply-server-errors";
import { FormAlert } from "./form-alert";
import { FormField } from "./form-field";
import { SubmitButton } from "./submit-button";

const CONFIRM_FIELDS = ["email", "otp", "password", "password2"] as const;

/** Step one: ask for a code. The answer is the same whether or not the email has an account. */
function RequestCodeForm({ onSent }: { onSent: (email: string) => void }): JSX.Element {
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<z.input<typeof passwordResetSchema>, unknown, PasswordResetInput>({ resolver: zodResolver(passwordResetSchema), defaultValues: { email: "" } });

  const onSubmit = async (input: PasswordResetInput): Promise<void> => {
    const result = await postJson<{ detail: string }>("/api/password/reset/", input);
    if (result.ok || result.code === "otp_cooldown") onSent(input.email);
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

/** Step two: the code and the new password together; the code survives a refused password. */
function SetPasswordForm({ email }: { email: string }): JSX.Element {
  const router = useRouter();
  const [isLeaving, setIsLeaving] = useState(false);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<z.input<typeof passwordResetConfirmSchema>, unknown, PasswordResetConfirmInput>({
    resolver: zodResolver(passwordResetConfirmSchema),
    defaultValues: { email, otp: "", password: "", password2: "" },
  });

  const onSubmit = async (input: PasswordResetConfirmInput): Promise<void> => {
    const result = await postJson<{ detail: string }>("/api/password/reset/confirm/", input);
    if (result.ok) {
      setIsLeaving(true);
      router.replace("/login?password_reset=1");
      return;
    }
    if (result.code.startsWith("otp_")) setError("otp", { type: "server", message: result.message }, { shouldFocus: true });
    else applyServerErrors(setError, result, CONFIRM_FIELDS);
  };

  return (
    <form className="form" onSubmit={handleSubmit(onSubmit)} noValidate aria-labelledby="reset-title">
      <FormAlert tone="info">If {email} has an account, we emailed it a 6-digit code. It works once, for a few minutes.</FormAlert>
      {errors.root?.server ? <FormAlert tone="error">{errors.root.server.message}</FormAlert> : null}
      <input type="hidden" {...register("email")} />
      <FormField
        id="otp"
        label="Code from the email"
        inputMode="numeric"
        autoComplete="one-time-code"
        pattern="[0-9]*"
        maxLength={6}
        error={errors.otp?.message}
        {...register("otp")}
      />
      <FormField id="password" label="New password" type="password" autoComplete="new-password" hint="At least 8 characters." error={errors.password?.message} {...register("password")} />
      <FormField id="password2" label="Confirm new password" type="password" autoComplete="new-password" error={errors.password2?.message} {...register("password2")} />
      <SubmitButton isPending={isSubmitting || isLeaving} pendingLabel="Saving…">
        Set new password
      </SubmitButton>
    </form>
  );
}

/** `initialEmail`: a code was already sent to it (e.g. "This wasn't me" on the dashboard): start at step two. */
export function ResetPasswordForm({ initialEmail = null }: { initialEmail?: string | null }): JSX.Element {
  const [email, setEmail] = useState<string | null>(initialEmail);
  return email ? <SetPasswordForm email={email} /> : <RequestCodeForm onSent={setEmail} />;
}
