"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useForm } from "react-hook-form";
import { useEffect, type JSX } from "react";
import type { z } from "zod";
import { passkeyRenameSchema } from "@/lib/validation/mfa";
import { requestJson } from "./api-request";
import { applyServerErrors } from "./apply-server-errors";
import { FormAlert } from "./form-alert";
import { FormField } from "./form-field";
import { SubmitButton } from "./submit-button";

type RenameFields = z.input<typeof passkeyRenameSchema>;
type RenameInput = z.infer<typeof passkeyRenameSchema>;

/** A passkey's new name, in place of its row's buttons; the field has the focus and the old name. */
export function PasskeyRenameForm({ id, name, onRenamed, onCancel }: { id: string; name: string; onRenamed: (name: string) => void; onCancel: () => void }): JSX.Element {
  const {
    register,
    handleSubmit,
    setError,
    setFocus,
    formState: { errors, isSubmitting },
  } = useForm<RenameFields, unknown, RenameInput>({ resolver: zodResolver(passkeyRenameSchema), defaultValues: { name } });

  useEffect(() => setFocus("name", { shouldSelect: true }), [setFocus]);

  const onSubmit = async (input: RenameInput): Promise<void> => {
    const result = await requestJson<{ name: string }>("PATCH", `/api/passkeys/${encodeURIComponent(id)}/`, input);
    if (result.ok) onRenamed(result.data.name);
    else applyServerErrors(setError, result, ["name"] as const);
  };

  return (
    <form className="form" onSubmit={handleSubmit(onSubmit)} noValidate aria-label={`Rename ${name}`}>
      {errors.root?.server ? <FormAlert tone="error">{errors.root.server.message}</FormAlert> : null}
      <FormField id={`passkey-name-${id}`} label="New name" autoComplete="off" maxLength={64} error={errors.name?.message} {...register("name")} />
      <div className="actions">
        <SubmitButton isPending={isSubmitting} pendingLabel="Saving…">
          Save name
        </SubmitButton>
        <button type="button" className="button button-secondary" onClick={onCancel} disabled={isSubmitting}>
          Cancel
        </button>
      </div>
    </form>
  );
}
