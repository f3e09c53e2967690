"use client";

import type { JSX } from "react";
import { FormAlert } from "./form-alert";
import { NewAccountFields } from "./new-account-fields";
import { SubmitButton } from "./submit-button";
import { useNewAccountForm } from "./use-new-account-form";

export function RegisterForm(): JSX.Element {
  const { register, errors, isBusy, onSubmit } = useNewAccountForm("/api/register", "/verify");
  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-labelledby="register-title">
      {errors.root?.server ? <FormAlert tone="error">{errors.root.server.message}</FormAlert> : null}
      <NewAccountFields register={register} errors={errors} emailHint="We send a 6-digit code here to confirm it is yours." />
      <SubmitButton isPending={isBusy} pendingLabel="Creating account…">
        Create account
      </SubmitButton>
    </form>
  );
}
