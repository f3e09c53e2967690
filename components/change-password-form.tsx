"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState, type JSX } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { passwordChangeSchema, type PasswordChangeInput } from "@/lib/validation/auth";
import { postJson } from "./api-request";
import { announce } from "./announcer";
import { applyServerErrors } from "./apply-server-errors";
import { FormAlert } from "./form-alert";
import { FormField } from "./form-field";
import { PASSWORD_RULES } from "./password-rules";
import { SubmitButton } from "./submit-button";
import { useStepUp } from "./use-step-up";

const FIELDS = ["current_password", "password", "password2"] as const;

/** Changes the password; the other devices are signed out, this one stays signed in. */
export function ChangePasswordForm(): JSX.Element {
  const router = useRouter();
  const [isDone, setIsDone] = useState(false);
  const stepUp = useStepUp("password-change");
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors, isSubmitting },
  } = useForm<z.input<typeof passwordChangeSchema>, unknown, PasswordChangeInput>({
    resolver: zodResolver(passwordChangeSchema),
    defaultValues: { current_password: "", password: "", password2: "" },
  });

  const onSubmit = async (input: PasswordChangeInput): Promise<void> => {
    setIsDone(false);
    const result = await stepUp.send(() => postJson<{ detail: string }>("/api/password/change/", input));
    if (!result) return;
    if (!result.ok) {
      applyServerErrors(setError, result, FIELDS);
      return;
    }
    reset();
    setIsDone(true);
    announce("Password changed. Your other devices were signed out.");
    router.refresh();
  };

  return (
    <div className="stack">
      <form ref={stepUp.returnFocusRef} className="form" onSubmit={handleSubmit(onSubmit)} noValidate aria-labelledby="password-title">
        {isDone ? <FormAlert tone="success" isAnnounced={false}>Your password is changed. Your other devices were signed out.</FormAlert> : null}
        {errors.root?.server ? <FormAlert tone="error">{errors.root.server.message}</FormAlert> : null}
        <FormField id="current_password" label="Current password" type="password" autoComplete="current-password" error={errors.current_password?.message} {...register("current_password")} />
        <FormField id="password" label="New password" type="password" autoComplete="new-password" hint={PASSWORD_RULES} error={errors.password?.message} {...register("password")} />
        <FormField id="password2" label="Confirm new password" type="password" autoComplete="new-password" error={errors.password2?.message} {...register("password2")} />
        <SubmitButton isPending={isSubmitting && !stepUp.isAsking} isDisabled={stepUp.isAsking} pendingLabel="Saving…">
          Change password
        </SubmitButton>
      </form>
      {stepUp.prompt}
    </div>
  );
}
