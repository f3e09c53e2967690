"use client";

import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent, type JSX } from "react";
import { FormAlert } from "../form-alert";
import { FormField } from "../form-field";
import { SubmitButton } from "../submit-button";
import { describeFailure, postJson } from "../api-request";

/**
 * The admin pages' step-up: a code from the authenticator app (or a recovery code) raises this session to
 * two factors (`POST /api/mfa/verify/`), then the page asked for opens.
 */
export function AdminStepUpForm({ next, hasRecoveryCodes }: { next: string; hasRecoveryCodes: boolean }): JSX.Element {
  const router = useRouter();
  const id = useId();
  const [isRecovery, setIsRecovery] = useState(false);
  const [value, setValue] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [isPending, setIsPending] = useState(false);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setIsPending(true);
    setError(null);
    const result = await postJson<unknown>("/api/mfa/verify/", isRecovery ? { recovery_code: value } : { code: value });
    if (result.ok) {
      router.replace(next);
      router.refresh();
      return;
    }
    setIsPending(false);
    setError(describeFailure(result));
  };

  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      {error ? <FormAlert tone="error">{error}</FormAlert> : null}
      <FormField
        key={isRecovery ? "recovery" : "code"}
        id={`${id}-${isRecovery ? "recovery" : "code"}`}
        {...(isRecovery
          ? { label: "Recovery code", hint: "One of the codes you saved when you set up two-factor authentication. Each works once.", autoComplete: "off", autoCapitalize: "characters" }
          : { label: "Code from your authenticator app", autoComplete: "one-time-code", inputMode: "numeric" as const, pattern: "[0-9]*", maxLength: 6 })}
        spellCheck={false}
        value={value}
        onChange={(event) => setValue(event.target.value)}
        autoFocus
      />
      <SubmitButton isPending={isPending} pendingLabel="Checking…" isDisabled={value.trim() === ""}>
        Continue
      </SubmitButton>
      {hasRecoveryCodes || isRecovery ? (
        <p>
          <button
            type="button"
            className="button-link"
            onClick={() => {
              setIsRecovery(!isRecovery);
              setValue("");
              setError(null);
            }}
          >
            {isRecovery ? "Use the authenticator app instead" : "Use a recovery code instead"}
          </button>
        </p>
      ) : null}
    </form>
  );
}
