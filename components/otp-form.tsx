"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useEffect, useState, type JSX } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import type { CodeStatus } from "@/lib/auth/codes";
import { verifySchema, type VerifyInput } from "@/lib/validation/auth";
import { describeWait, postJsonWithSession, type ApiFailure } from "./api-request";
import { applyServerErrors } from "./apply-server-errors";
import { FormAlert } from "./form-alert";
import { FormField } from "./form-field";
import { OtpCodeField } from "./otp-code-field";
import { ResendCode } from "./resend-code";
import { SubmitButton } from "./submit-button";
import { formatClock, useCountdown } from "./use-countdown";

type VerifyFields = z.input<typeof verifySchema>;

/** What the server says about the code's timers (a type only: nothing server-side reaches the browser). */
export type OtpTimers = CodeStatus;

const FIELDS = ["email", "otp"] as const;

const codeMessages: Record<string, string> = {
  otp_invalid: "That code is not right. Check the most recent email and try again.",
  otp_expired: "That code has expired. Send a new code and enter it here.",
  otp_exhausted: "Too many wrong tries for this code. Send a new code to try again.",
};

const lockedMessage = (seconds: number | null): string =>
  `Too many wrong codes for this account. Try again in ${seconds ? describeWait(seconds) : "a while"}.`;

/** What a reload must not forget: a spent code or a locked account is said before anyone types. */
function initialProblem(timers: OtpTimers): string | undefined {
  if (timers.lockedForSeconds > 0) return lockedMessage(timers.lockedForSeconds);
  return timers.isCodeSpent ? codeMessages.otp_exhausted : undefined;
}

export function OtpForm({ email, isSignedIn, timers }: { email: string | null; isSignedIn: boolean; timers: OtpTimers }): JSX.Element {
  const router = useRouter();
  const [isLeaving, setIsLeaving] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const expiry = useCountdown(timers.expiresInSeconds);
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
  const [problem, setProblem] = useState(() => initialProblem(timers));

  const showFailure = (failure: ApiFailure): void => {
    const message = codeMessages[failure.code];
    if (message) {
      if (failure.code === "otp_expired") expiry.restart(0);
      setError("otp", { type: failure.code, message }, { shouldFocus: true });
    } else if (failure.code === "otp_locked") {
      setError("root.server", { type: failure.code, message: lockedMessage(failure.retryAfter) });
    } else {
      applyServerErrors(setError, failure, FIELDS);
    }
  };

  const onSubmit = async (input: VerifyInput): Promise<void> => {
    setNotice(null);
    setProblem(undefined);
    const result = await postJsonWithSession<{ detail: string }>("/api/verify", input);
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
    setProblem(undefined);
    expiry.restart(timers.lifetimeSeconds);
    // Signed out, the answer must not confirm that the email has an account.
    setNotice(
      isSignedIn
        ? `We sent a new code to ${getValues("email")}. It replaces the previous one.`
        : `If ${getValues("email")} is waiting for verification, a new code is on its way. It replaces the previous one.`,
    );
    setFocus("otp");
  };

  const secondsLeft = expiry.secondsLeft;
  // "We sent a new code" stops being news once that code has expired.
  useEffect(() => {
    if (secondsLeft === 0) setNotice(null);
  }, [secondsLeft]);

  return (
    <div className="stack">
      <form className="form" onSubmit={handleSubmit(onSubmit)} noValidate aria-labelledby="verify-title">
        {errors.root?.server || problem ? <FormAlert tone="error">{errors.root?.server?.message ?? problem}</FormAlert> : null}
        {email ? (
          <p className="sent-to">
            We sent a 6-digit code to <strong>{email}</strong>.
          </p>
        ) : (
          <FormField id="email" label="Email" type="email" autoComplete="email" spellCheck={false} error={errors.email?.message} {...register("email")} />
        )}
        <OtpCodeField
          error={errors.otp?.message}
          onPasteCode={(code) => setValue("otp", code, { shouldValidate: isSubmitted, shouldDirty: true })}
          {...register("otp")}
        />
        {isSignedIn || secondsLeft !== null ? (
          <p className={secondsLeft ? "timer" : "timer timer-expired"} role="timer" aria-live="off">
            {secondsLeft === null
              ? "There is no active code. Send a new one."
              : secondsLeft > 0
                ? `The code expires in ${formatClock(secondsLeft)}.`
                : "The code has expired. Send a new one."}
          </p>
        ) : null}
        <SubmitButton isPending={isSubmitting || isLeaving} pendingLabel="Checking…">
          Verify email
        </SubmitButton>
      </form>
      <div className="live" role="status" aria-live="polite">
        {notice ? (
          <FormAlert tone="success" isAnnounced={false}>
            {notice}
          </FormAlert>
        ) : null}
        {secondsLeft === 0 && !errors.otp ? <span className="visually-hidden">The code has expired.</span> : null}
      </div>
      <ResendCode
        getEmail={() => getValues("email")}
        initialWaitSeconds={timers.resendInSeconds}
        cooldownSeconds={timers.cooldownSeconds}
        onSent={onResent}
        onEmailMissing={() => setError("email", { type: "required", message: "Enter your email address first." }, { shouldFocus: true })}
      />
    </div>
  );
}
