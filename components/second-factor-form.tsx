"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useEffect, useRef, type JSX, type ReactNode } from "react";
import { useForm } from "react-hook-form";
import { describeFailure, type ApiFailure } from "./api-request";
import { announce } from "./announcer";
import { applyServerErrors } from "./apply-server-errors";
import { FormAlert } from "./form-alert";
import { FormField } from "./form-field";
import { OtpCodeField } from "./otp-code-field";
import { proofFormSchema, toSecondFactorSubmission, type ProofFields, type ProofOutput, type SecondFactorSubmission } from "./second-factor-proof";
import { SubmitButton } from "./submit-button";

const FIELDS = ["code", "recovery_code", "password"] as const;

interface SecondFactorFormProps {
  /** Keeps the ids of two such forms on one page apart. */
  idPrefix: string;
  /** The form's accessible name. */
  label: string;
  /** The password too (turning the factor off): it is asked first. */
  asksPassword?: boolean;
  /** Only the authenticator's code (confirming a new app): no switch to a recovery code. */
  isCodeOnly?: boolean;
  /** The code field takes the focus when the form appears (it is the one thing to do). */
  isFocusedOnMount?: boolean;
  /** Still busy after a success (the page is moving on): the button stays pending. */
  isBusy?: boolean;
  submitLabel: string;
  pendingLabel: string;
  /** Sends the proof; answers the refusal to show, or null when it succeeded or was handled by the caller. */
  onProof: (submission: SecondFactorSubmission) => Promise<ApiFailure | null>;
  onCancel?: () => void;
  cancelLabel?: string;
  /** Said above the field. */
  intro?: ReactNode;
  /** Below the field, above the button (the sign-in's "Remember this browser"). */
  children?: ReactNode;
}

/**
 * The one form that takes a second factor: the sign-in's second step, a step-up, turning the factor off and
 * confirming a new app. A 6-digit code from the authenticator app, or (after "Use a recovery code instead")
 * one of the recovery codes; a refused proof is said next to the field, anything else above it.
 */
export function SecondFactorForm(props: SecondFactorFormProps): JSX.Element {
  const { idPrefix, asksPassword = false, isCodeOnly = false, isFocusedOnMount = false, onProof } = props;
  const {
    register,
    handleSubmit,
    setError,
    setValue,
    setFocus,
    clearErrors,
    watch,
    formState: { errors, isSubmitting },
  } = useForm<ProofFields, unknown, ProofOutput>({
    resolver: zodResolver(proofFormSchema(asksPassword)),
    defaultValues: { method: "code", code: "", recovery_code: "", password: "" },
  });
  const method = watch("method");
  const hasSwitched = useRef(false);
  useEffect(() => {
    if (hasSwitched.current || isFocusedOnMount) setFocus(method === "code" ? "code" : "recovery_code");
  }, [method, isFocusedOnMount, setFocus]);

  const switchMethod = (): void => {
    const next = method === "code" ? "recovery_code" : "code";
    hasSwitched.current = true;
    clearErrors();
    setValue("method", next);
    announce(next === "code" ? "Enter the code from your authenticator app." : "Enter one of your recovery codes.");
  };

  const onSubmit = async (values: ProofOutput): Promise<void> => {
    const failure = await onProof(toSecondFactorSubmission(values));
    if (!failure) return;
    const field = method === "code" ? "code" : "recovery_code";
    if (failure.code === "mfa_code_invalid") {
      setValue(field, "");
      setError(field, { type: failure.code, message: describeFailure(failure) }, { shouldFocus: true });
    } else {
      applyServerErrors(setError, failure, FIELDS);
    }
  };

  const fieldId = `${idPrefix}-${method === "code" ? "code" : "recovery-code"}`;
  return (
    <form className="form" onSubmit={handleSubmit(onSubmit)} noValidate aria-label={props.label}>
      {props.intro}
      {errors.root?.server ? <FormAlert tone="error">{errors.root.server.message}</FormAlert> : null}
      {asksPassword ? (
        <FormField id={`${idPrefix}-password`} label="Your password" type="password" autoComplete="current-password" error={errors.password?.message} {...register("password")} />
      ) : null}
      {method === "code" ? (
        <OtpCodeField
          id={fieldId}
          label="Code from your authenticator app"
          hint="The 6 digits your authenticator app shows for this account now."
          error={errors.code?.message}
          onPasteCode={(pasted) => setValue("code", pasted, { shouldDirty: true })}
          {...register("code")}
        />
      ) : (
        <FormField
          id={fieldId}
          label="Recovery code"
          hint="One of the ten codes you saved when you turned two-factor authentication on, like ABCDE-FGHJK. Each works once."
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          error={errors.recovery_code?.message}
          {...register("recovery_code")}
        />
      )}
      {isCodeOnly ? null : (
        <button type="button" className="button button-link" onClick={switchMethod}>
          {method === "code" ? "Use a recovery code instead" : "Use the authenticator app instead"}
        </button>
      )}
      {props.children}
      <div className="actions">
        <SubmitButton isPending={isSubmitting || props.isBusy === true} pendingLabel={props.pendingLabel}>
          {props.submitLabel}
        </SubmitButton>
        {props.onCancel ? (
          <button type="button" className="button button-secondary" onClick={props.onCancel} disabled={isSubmitting}>
            {props.cancelLabel ?? "Cancel"}
          </button>
        ) : null}
      </div>
    </form>
  );
}
