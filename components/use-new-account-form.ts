"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { registerSchema, type RegisterInput } from "@/lib/validation/auth";
import { postJson } from "./api-request";
import { applyServerErrors } from "./apply-server-errors";
import type { NewAccountFieldValues } from "./new-account-fields";

const FIELDS = ["email", "user_name", "password", "password2"] as const;

/**
 * A new account from NewAccountFields, shared by sign-up and the first administrator's setup: validated here
 * as the server does, posted to `url` with `extra` beside the fields, the server's errors put on their fields;
 * once it answers the session cookies, `next` replaces the page and the button stays disabled until it does.
 */
export function useNewAccountForm(url: string, next: string, extra: Record<string, string> = {}) {
  const router = useRouter();
  const [isLeaving, setIsLeaving] = useState(false);
  const form = useForm<NewAccountFieldValues, unknown, RegisterInput>({
    resolver: zodResolver(registerSchema),
    defaultValues: { email: "", user_name: "", password: "", password2: "" },
  });
  const onSubmit = form.handleSubmit(async (input: RegisterInput): Promise<void> => {
    const result = await postJson<{ user: { email: string } }>(url, { ...input, ...extra });
    if (!result.ok) return applyServerErrors(form.setError, result, FIELDS);
    setIsLeaving(true);
    router.replace(next);
  });
  return { register: form.register, errors: form.formState.errors, isBusy: form.formState.isSubmitting || isLeaving, onSubmit };
}
