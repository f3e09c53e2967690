"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useEffect, useRef, useState, type JSX, type ReactNode } from "react";
import { useForm } from "react-hook-form";
import { ActionError } from "./action-error";
import { describeFailure, type ApiFailure } from "./api-request";
import { announce } from "./announcer";
import { applyServerErrors } from "./apply-server-errors";
import { FormAlert } from "./form-alert";
import { FormField } from "./form-field";
import { OtpCodeField } from "./otp-code-field";
import type { PasskeyProof } from "./passkey-ceremony";
import { useCanUsePasskeys } from "./passkey-host";
import { proofFormSchema, toSecondFactorSubmission, type ProofFields, type ProofOutput, type SecondFactorSubmission } from "./second-factor-proof";
import { offeredWays, WAY_INSTRUCTIONS, WAY_SWITCHES, type ProofWay } from "./second-factor-ways";
import { SubmitButton } from "./submit-button";

const FIELDS = ["code", "recovery_code", "password"] as const;

const WRONG_RECOVERY_CODE = "That recovery code is not right or was used already. Check it, or enter another of your codes.";

interface SecondFactorFormProps {
  /** Keeps the ids of two such forms on one page apart. */
  idPrefix: string;
  /** The form's accessible name. */
  label: string;
  /** The account's second-factor methods as the server lists them ("totp", "passkey", "recovery_code"): the ways offered. */
  methods: readonly string[];
  /** The password too (turning the factor off): it is asked first. */
  asksPassword?: boolean;
  /** The first control takes the focus when the form appears (it is the one thing to do). */
  isFocusedOnMount?: boolean;
  /** Said when the form appears, for the way it opens on (a prompt that appears after an action). */
  announceOnOpen?: (way: ProofWay) => string;
  /** Still busy after a success (the page is moving on): the button stays pending. */
  isBusy?: boolean;
  submitLabel: string;
  pendingLabel: string;
  /** Sends the proof; answers the refusal to show, or null when it succeeded or was handled by the caller. */
  onProof: (submission: SecondFactorSubmission) => Promise<ApiFailure | null>;
  /** The passkey's ceremony, where this prompt takes one ("passkey" among `methods` and usable on this page). */
  onPasskey?: () => Promise<PasskeyProof>;
  passkeyLabel?: string;
  onCancel?: () => void;
  cancelLabel?: string;
  /** Said above the proof, for the way shown. */
  intro?: ReactNode | ((way: ProofWay) => ReactNode);
  /** Below the proof, above the button (the sign-in's "Remember this browser"). */
  children?: ReactNode;
}

/**
 * The one form that takes a second factor: the sign-in's second step, a step-up (the dashboard's and the
 * admin pages'), turning the app off and confirming a new app. It offers what the account has, one way at
 * a time: the passkey first, the authenticator app's code, or one of the recovery codes; a refused proof is
 * said next to the field (or under the passkey's button), anything else above it.
 */
export function SecondFactorForm(props: SecondFactorFormProps): JSX.Element {
  const { idPrefix, methods, asksPassword = false, isFocusedOnMount = false, onProof, onPasskey } = props;
  const canUsePasskey = useCanUsePasskeys() && onPasskey !== undefined;
  const ways = offeredWays(methods, canUsePasskey);
  const [chosen, setChosen] = useState<ProofWay | null>(null);
  const way: ProofWay | undefined = chosen !== null && ways.includes(chosen) ? chosen : ways[0];
  const [passkeyState, setPasskeyState] = useState<{ isPending: boolean; error: string | null }>({ isPending: false, error: null });
  const passkeyRef = useRef<HTMLButtonElement>(null);
  const {
    register,
    handleSubmit,
    setError,
    setValue,
    setFocus,
    clearErrors,
    formState: { errors, isSubmitting },
  } = useForm<ProofFields, unknown, ProofOutput>({
    resolver: zodResolver(proofFormSchema(asksPassword)),
    defaultValues: { method: methods.includes("totp") ? "code" : "recovery_code", code: "", recovery_code: "", password: "" },
  });
  useEffect(() => {
    if (way === "code" || way === "recovery_code") setValue("method", way);
    if (chosen === null && !isFocusedOnMount) return;
    // Opening, the first field: the password where one is asked (it comes first).
    if (chosen === null && asksPassword) setFocus("password");
    else if (way === "passkey") passkeyRef.current?.focus();
    else if (way) setFocus(way);
  }, [way, chosen, isFocusedOnMount, asksPassword, setFocus, setValue]);
  const { announceOnOpen } = props;
  useEffect(() => {
    if (announceOnOpen && way) announce(announceOnOpen(way));
    // Once, as the form opens: a later change of way is announced by the switch.
  }, []);

  const switchTo = (next: ProofWay): void => {
    clearErrors();
    setPasskeyState({ isPending: false, error: null });
    setChosen(next);
    announce(WAY_INSTRUCTIONS[next]);
  };

  const confirmWithPasskey = async (): Promise<void> => {
    if (!onPasskey) return;
    setPasskeyState({ isPending: true, error: null });
    const proof = await onPasskey();
    // After a success the page moves on or the prompt closes: the button stays busy until then.
    if (!proof.ok) setPasskeyState({ isPending: false, error: proof.message || null });
  };

  const onSubmit = async (values: ProofOutput): Promise<void> => {
    const failure = await onProof(toSecondFactorSubmission(values));
    if (!failure) return;
    const field = values.method;
    if (failure.code === "mfa_code_invalid") {
      setValue(field, "");
      setError(field, { type: failure.code, message: field === "recovery_code" ? WRONG_RECOVERY_CODE : describeFailure(failure) }, { shouldFocus: true });
    } else {
      applyServerErrors(setError, failure, FIELDS);
    }
  };

  const intro = typeof props.intro === "function" ? (way ? props.intro(way) : null) : props.intro;
  const isPending = isSubmitting || passkeyState.isPending || props.isBusy === true;
  return (
    <form className="form" onSubmit={handleSubmit(onSubmit)} noValidate aria-label={props.label}>
      {intro}
      {errors.root?.server ? <FormAlert tone="error">{errors.root.server.message}</FormAlert> : null}
      {asksPassword ? (
        <FormField id={`${idPrefix}-password`} label="Your password" type="password" autoComplete="current-password" error={errors.password?.message} {...register("password")} />
      ) : null}
      {way === "passkey" ? (
        <div className="passkey-proof">
          <button ref={passkeyRef} type="button" className="button button-primary" onClick={confirmWithPasskey} disabled={isPending}>
            {passkeyState.isPending ? "Waiting for your passkey…" : (props.passkeyLabel ?? "Use your passkey")}
          </button>
          <ActionError message={passkeyState.error} />
        </div>
      ) : way === "code" ? (
        <OtpCodeField
          id={`${idPrefix}-code`}
          label="Code from your authenticator app"
          hint="The 6 digits your authenticator app shows for this account now."
          error={errors.code?.message}
          onPasteCode={(pasted) => setValue("code", pasted, { shouldDirty: true })}
          {...register("code")}
        />
      ) : way === "recovery_code" ? (
        <FormField
          id={`${idPrefix}-recovery-code`}
          label="Recovery code"
          hint="One of the ten codes you saved when you set up your second factor, like ABCDE-FGHJK. Each works once."
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          error={errors.recovery_code?.message}
          {...register("recovery_code")}
        />
      ) : (
        <FormAlert tone="error">Your second factor cannot be used at this address of the site. Open the site at its usual address.</FormAlert>
      )}
      {ways
        .filter((other) => other !== way)
        .map((other) => (
          <button key={other} type="button" className="button button-link" onClick={() => switchTo(other)} disabled={isPending}>
            {WAY_SWITCHES[other]}
          </button>
        ))}
      {props.children}
      <div className="actions">
        {way === "code" || way === "recovery_code" ? (
          <SubmitButton isPending={isSubmitting || props.isBusy === true} pendingLabel={props.pendingLabel}>
            {props.submitLabel}
          </SubmitButton>
        ) : null}
        {props.onCancel ? (
          <button type="button" className="button button-secondary" onClick={props.onCancel} disabled={isSubmitting}>
            {props.cancelLabel ?? "Cancel"}
          </button>
        ) : null}
      </div>
    </form>
  );
}
