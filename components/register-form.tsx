"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState, type JSX } from "react";
import { useForm } from "react-hook-form";
import { registerSchema, type RegisterInput } from "@/lib/validation/auth";
import { postJson } from "./api-request";
import { applyServerErrors } from "./apply-server-errors";
import { FormAlert } from "./form-alert";
import { NewAccountFields, type NewAccountFieldValues } from "./new-account-fields";
import { SubmitButton } from "./submit-button";

type RegisterFields = NewAccountFieldValues;

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
      <NewAccountFields register={register} errors={errors} emailHint="We send a 6-digit code here to confirm it is yours." />
      <SubmitButton isPending={isSubmitting || isLeaving} pendingLabel="Creating account…">
        Create account
      </SubmitButton>
    </form>
  );
}
