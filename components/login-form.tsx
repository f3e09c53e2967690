"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useEffect, useState, type JSX, type ReactNode } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { loginSchema, type LoginInput } from "@/lib/validation/auth";
import { postJson } from "./api-request";
import { applyServerErrors } from "./apply-server-errors";
import { FormAlert } from "./form-alert";
import { FormField } from "./form-field";
import { LoginSecondStep } from "./login-second-step";
import { takeSignInEmail } from "./remembered-email";
import { toSafeNextPath } from "./safe-next-path";
import { SubmitButton } from "./submit-button";

type LoginFields = z.input<typeof loginSchema>;

const FIELDS = ["email", "password"] as const;

/**
 * `next` arrives already checked by the page; it is checked again here, where it is followed. `notice` is the
 * page's line above the form ("You are signed out."): the second step replaces it with its own.
 */
export function LoginForm({ next, notice, children }: { next: string; notice?: ReactNode; children?: ReactNode }): JSX.Element {
  const router = useRouter();
  const [isLeaving, setIsLeaving] = useState(false);
  /** The first step's token once the password was right for an account with a second factor. */
  const [mfaToken, setMfaToken] = useState<string | null>(null);
  /** The ways the second step may take (mfa_required's methods). */
  const [methods, setMethods] = useState<string[]>([]);
  /** How many times the second step sent the person back: each return puts the cursor in the password. */
  const [returns, setReturns] = useState(0);
  const {
    register,
    handleSubmit,
    setError,
    setValue,
    setFocus,
    resetField,
    formState: { errors, isSubmitting },
  } = useForm<LoginFields, unknown, LoginInput>({
    resolver: zodResolver(loginSchema),
    defaultValues: { email: "", password: "" },
  });
  // Straight after a password reset the address is known: only the new password is left to type.
  useEffect(() => {
    const email = takeSignInEmail();
    if (email) setValue("email", email);
  }, [setValue]);
  useEffect(() => {
    if (returns > 0) setFocus("password");
  }, [returns, setFocus]);

  const onSubmit = async (input: LoginInput): Promise<void> => {
    const result = await postJson<Record<string, never>>("/api/login", input);
    if (result.ok) {
      setIsLeaving(true);
      router.replace(toSafeNextPath(next));
      return;
    }
    if (result.code === "mfa_required" && result.extras.mfa_token) {
      setMfaToken(result.extras.mfa_token);
      setMethods(result.extras.methods ?? []);
      return;
    }
    if (result.code === "authentication_failed") {
      // One message for a wrong email and a wrong password: which one is wrong is nobody's business.
      resetField("password");
      setError("root.server", { type: "server", message: "The email or password is not right. Check both and try again." });
      return;
    }
    applyServerErrors(setError, result, FIELDS);
  };

  // Back from the second step: the password again (the address is kept), with why when it was not a choice.
  const restart = (reason: string | null): void => {
    setMfaToken(null);
    resetField("password");
    if (reason) setError("root.server", { type: "server", message: reason });
    setReturns((count) => count + 1);
  };

  if (mfaToken) return <LoginSecondStep mfaToken={mfaToken} methods={methods} next={next} onRestart={restart} />;
  return (
    <>
      {/* Back from the second step, the page's arrival notice ("You are signed out.") is stale: the reason, if any, is the one message. */}
      {returns === 0 ? notice : null}
      <form className="form" onSubmit={handleSubmit(onSubmit)} noValidate aria-labelledby="login-title">
        {errors.root?.server ? <FormAlert tone="error">{errors.root.server.message}</FormAlert> : null}
        <FormField id="email" label="Email" type="email" autoComplete="username webauthn" spellCheck={false} error={errors.email?.message} {...register("email")} />
        <FormField
          id="password"
          label="Password"
          type="password"
          autoComplete="current-password"
          error={errors.password?.message}
          {...register("password")}
        />
        <SubmitButton isPending={isSubmitting || isLeaving} pendingLabel="Signing in…">
          Sign in
        </SubmitButton>
      </form>
      {children}
    </>
  );
}
