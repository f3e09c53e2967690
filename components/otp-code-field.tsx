"use client";

import type { ClipboardEvent, JSX } from "react";
import type { UseFormRegisterReturn } from "react-hook-form";
import { FormField } from "./form-field";

/** A code from pasted text: a 6-digit group if there is one, else the first six digits. */
export function extractCode(text: string): string {
  return /\b(\d{6})\b/.exec(text)?.[1] ?? text.replace(/\D/g, "").slice(0, 6);
}

type OtpCodeFieldProps = UseFormRegisterReturn & {
  /** When a page has two code fields, or the code is for something other than verification. */
  id?: string;
  label?: string;
  /** Where the code comes from (an email by default; an authenticator app for a second factor). */
  hint?: string;
  error?: string;
  /** Called with the digits of a paste (the whole email text works too). */
  onPasteCode: (code: string) => void;
};

/**
 * The 6-digit code input: the numeric keyboard on phones, the browser's one-time-code autofill, and
 * only digits kept whether typed or pasted.
 */
export function OtpCodeField({
  id = "otp",
  label = "Verification code",
  hint = "Enter the 6 digits from the email, or paste them.",
  error,
  onPasteCode,
  onChange,
  ...registration
}: OtpCodeFieldProps): JSX.Element {
  const onPaste = (event: ClipboardEvent<HTMLInputElement>): void => {
    const code = extractCode(event.clipboardData.getData("text"));
    if (!code) return;
    event.preventDefault();
    onPasteCode(code);
  };
  return (
    <FormField
      id={id}
      label={label}
      className="input input-otp"
      inputMode="numeric"
      autoComplete="one-time-code"
      pattern="\d{6}"
      maxLength={6}
      placeholder="123456"
      hint={hint}
      error={error}
      {...registration}
      onChange={(event) => {
        event.target.value = event.target.value.replace(/\D/g, "").slice(0, 6);
        void onChange(event);
      }}
      onPaste={onPaste}
    />
  );
}
