"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState, type JSX } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { registerSchema, type RegisterInput } from "@/lib/validation/auth";
import { postJson } from "./api-request";
import { applyServerErrors } from "./apply-server-errors";
import { FormAlert } from "./form-alert";
import { FormField } from "./form-field";
import { PASSWORD_RULES } from "./password-rules";
import { SubmitButton } from "./submit-button";

type RegisterFields = z.input<typeof registerSchema>;

const FIELDS = ["email", "user_name", "password", "password2"] as const;

export function RegisterForm(): JSX.Element {
  const router = useRouter();
  const [isLeaving, setIsLeaving] = useState(false);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<RegisterFields, unknown, RegisterInput>({
    resolver: zodResolver(registerSchema),
    defaultValues: { email: "", user_name: "", password: "", password2: "" },
  });

  const onSubmit = async (input: RegisterInput): Promise<void> => {
    const result = await postJson<{ user: { email: string } }>("/api/register", input);
    if (!result.ok) {
      applyServerErrors(setError, result, FIELDS);
      return;
    }
    // The session cookies are set; the button stays disabled until the next page replaces this one.
    setIsLeaving(true);
    router.replace("/verify");
  };

  return (
    <form className="form" onSubmit={handleSubmit(onSubmit)} noValidate aria-labelledby="register-title">
      {errors.root?.server ? <FormAlert tone="error">{errors.root.server.message}</FormAlert> : null}
      <FormField
        id="email"
        label="Email"
        type="email"
        autoComplete="email"
        spellCheck={false}
        hint="We send a 6-digit code here to confirm it is yours."
        error={errors.email?.message}
        {...register("email")}
      />
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
      <FormField
        id="password"
        label="Password"
        type="password"
        autoComplete="new-password"
        hint={PASSWORD_RULES}
        error={errors.password?.message}
        {...register("password")}
      />
      <FormField
        id="password2"
        label="Confirm password"
        type="password"
        autoComplete="new-password"
        error={errors.password2?.message}
        {...register("password2")}
      />
      <SubmitButton isPending={isSubmitting || isLeaving} pendingLabel="Creating account…">
        Create account
      </SubmitButton>
    </form>
  );
}
