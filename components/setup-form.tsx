"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState, useSyncExternalStore, type JSX } from "react";
import { useForm } from "react-hook-form";
import { registerSchema, type RegisterInput } from "@/lib/validation/auth";
import { postJson } from "./api-request";
import { applyServerErrors } from "./apply-server-errors";
import { FormAlert } from "./form-alert";
import { NewAccountFields, type NewAccountFieldValues } from "./new-account-fields";
import { SubmitButton } from "./submit-button";

type SetupFields = NewAccountFieldValues;

const FIELDS = ["email", "user_name", "password", "password2"] as const;

function subscribeToHash(onChange: () => void): () => void {
  window.addEventListener("hashchange", onChange);
  return () => window.removeEventListener("hashchange", onChange);
}

/** The token rides in the link's fragment (never sent to a server by the browser); "" when there is none. */
function readToken(): string {
  return decodeURIComponent(window.location.hash.slice(1));
}

/**
 * The first administrator's account, created with the setup link the server printed on its console. Then
 * `next`: the dashboard's two-factor panel when staff need two factors (the admin pages would send them
 * there anyway), else the admin area.
 */
export function SetupForm({ next }: { next: string }): JSX.Element {
  const token = useSyncExternalStore(subscribeToHash, readToken, () => null);
  const router = useRouter();
  const [isLeaving, setIsLeaving] = useState(false);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<SetupFields, unknown, RegisterInput>({
    resolver: zodResolver(registerSchema),
    defaultValues: { email: "", user_name: "", password: "", password2: "" },
  });

  if (token === "") {
    return (
      <FormAlert tone="info" isAnnounced={false}>
        This page needs the setup link the server printed on its console when it started (it ends in{" "}
        <code>/setup#…</code>). Copy the whole link from the console, or restart the server for a new one. On PostgreSQL or
        in scripts, run <code>npm run create-admin</code> instead.
      </FormAlert>
    );
  }

  const onSubmit = async (input: RegisterInput): Promise<void> => {
    const result = await postJson<{ user: { email: string } }>("/api/setup", { ...input, token });
    if (!result.ok) {
      applyServerErrors(setError, result, FIELDS);
      return;
    }
    // Signed in (cookies set); the button stays disabled until the next page replaces this one.
    setIsLeaving(true);
    router.replace(next);
  };

  return (
    <form className="form" onSubmit={handleSubmit(onSubmit)} noValidate aria-labelledby="setup-title">
      {errors.root?.server ? <FormAlert tone="error">{errors.root.server.message}</FormAlert> : null}
      <NewAccountFields register={register} errors={errors} />
      <SubmitButton isPending={token === null || isSubmitting || isLeaving} pendingLabel="Creating administrator…">
        Create administrator
      </SubmitButton>
    </form>
  );
}
