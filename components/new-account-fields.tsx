"use client";

import type { JSX } from "react";
import type { FieldErrors, UseFormRegister } from "react-hook-form";
import type { z } from "zod";
import type { registerSchema } from "@/lib/validation/auth";
import { FormField } from "./form-field";
import { PASSWORD_RULES } from "./password-rules";

export type NewAccountFieldValues = z.input<typeof registerSchema>;

/** The register form's four fields, shared by sign-up and the first administrator's setup. */
export function NewAccountFields({
  register,
  errors,
  emailHint,
}: {
  register: UseFormRegister<NewAccountFieldValues>;
  errors: FieldErrors<NewAccountFieldValues>;
  emailHint?: string;
}): JSX.Element {
  return (
    <>
      <FormField id="email" label="Email" type="email" autoComplete="email" spellCheck={false} hint={emailHint} error={errors.email?.message} {...register("email")} />
      <FormField
        id="user_name"
        label="User name"
        autoComplete="username"
        autoCapitalize="none"
        spellCheck={false}
        hint="Letters, digits and @ . + - _ only."
        error={errors.user_name?.message}
        {...register("user_name")}
      />
      <FormField id="password" label="Password" type="password" autoComplete="new-password" hint={PASSWORD_RULES} error={errors.password?.message} {...register("password")} />
      <FormField id="password2" label="Confirm password" type="password" autoComplete="new-password" error={errors.password2?.message} {...register("password2")} />
    </>
  );
}
