"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useEffect, useState, type JSX } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import type { CodeStatus as ServerCodeStatus } from "@/lib/auth/codes";
import { verifySchema, type VerifyInput } from "@/lib/validation/auth";
import { describeFailure, postJson, type ApiFailure } from "./api-request";
import { applyServerErrors } from "./apply-server-errors";
import { CodeStatus } from "./code-status";
import { FormAlert } from "./form-alert";
import { FormField } from "./form-field";
import { LiveNotice } from "./live-notice";
import { OtpCodeField } from "./otp-code-field";
import { ResendCode } from "./resend-code";
import { SubmitButton } from "./submit-button";
import { useCodeState } from "./use-code-state";

type VerifyFields = z.input<typeof verifySchema>;

/** What the server says about the code's timers (a type only: nothing server-side reaches the browser). */
export type OtpTimers = ServerCodeStatus;

const FIELDS = ["email", "otp"] as const;

export function OtpForm({ email, isSignedIn, timers }: { email: string | null; isSignedIn: boolean; timers: OtpTimers }): JSX.Element {
  const router = useRouter();
  const [isLeaving, setIsLeaving] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const code = useCodeState(timers, isSignedIn);
  const {
    register,
    handleSubmit,
    setError,
    setValue,
    setFocus,
    getValues,
    clearErrors,
    formState: { errors, isSubmitting, isSubmitted },
  } = useForm<VerifyFields, unknown, VerifyInput>({
    resolver: zodResolver(verifySchema),
    defaultValues: { email: email ?? "", otp: "" },
  });

  const showFailure = (failure: ApiFailure): void => {
    if (code.takeFailure(failure)) clearErrors("otp");
    else if (failure.code === "otp_invalid") setError("otp", { type: failure.code, message: describeFailure(failure) }, { shouldFocus: true });
    else applyServerErrors(setError, failure, FIELDS);
  };

  const onSubmit = async (input: VerifyInput): Promise<void> => {
    setNotice(null);
    const result = await postJson<{ detail: string }>("/api/verify", input);
    if (!result.ok) {
      showFailure(result);
      return;
    }
    setIsLeaving(true);
    router.replace(isSignedIn ? "/dashboard" : "/login?verified=1");
  };

  const onResent = (): void => {
    setValue("otp", "");
    clearErrors();
    code.renew(timers.lifetimeSeconds);
    // Signed out, the answer must not confirm that the email has an account.
    setNotice(
      isSignedIn
        ? `We sent a new code to ${getValues("email")}. It replaces the previous one.`
        : `If ${getValues("email")} is waiting for verification, a new code is on its way. It replaces the previous one.`,
    );
    setFocus("otp");
  };

  // "We sent a new code" stops being news once that code is dead.
  const { dead } = code;
  useEffect(() => {
    if (dead) setNotice(null);
  }, [dead]);

  return (
    <div className="stack">
      <form className="form" onSubmit={handleSubmit(onSubmit)} noValidate aria-labelledby="verify-title">
        {errors.root?.server ? <FormAlert tone="error">{errors.root.server.message}</FormAlert> : null}
        {email ? (
          <p className="sent-to">
            We sent a 6-digit code to <strong>{email}</strong>.
          </p>
        ) : (
          <FormField id="email" label="Email" type="email" autoComplete="email" spellCheck={false} error={errors.email?.message} {...register("email")} />
        )}
        <OtpCodeField
          error={errors.otp?.message}
          onPasteCode={(pasted) => setValue("otp", pasted, { shouldValidate: isSubmitted, shouldDirty: true })}
          {...register("otp")}
        />
        <CodeStatus state={code} />
        <SubmitButton isPending={isSubmitting || isLeaving} isDisabled={dead !== null} pendingLabel="Checking…">
          Verify email
        </SubmitButton>
      </form>
      <LiveNotice notice={notice} />
      <ResendCode
        url="/api/verify/resend"
        getEmail={() => getValues("email")}
        initialWaitSeconds={timers.resendInSeconds}
        cooldownSeconds={timers.cooldownSeconds}
        onSent={onResent}
        onEmailMissing={() => setError("email", { type: "required", message: "Enter your email address first." }, { shouldFocus: true })}
      />
    </div>
  );
}
