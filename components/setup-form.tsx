"use client";

import { useSyncExternalStore, type JSX } from "react";
import { FormAlert } from "./form-alert";
import { NewAccountFields } from "./new-account-fields";
import { SubmitButton } from "./submit-button";
import { useNewAccountForm } from "./use-new-account-form";

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
  const { register, errors, isBusy, onSubmit } = useNewAccountForm("/api/setup", next, { token: token ?? "" });

  if (token === "") {
    return (
      <FormAlert tone="info" isAnnounced={false}>
        This page needs the setup link the server printed on its console when it started (it ends in{" "}
        <code>/setup#…</code>). Copy the whole link from the console, or restart the server for a new one. On PostgreSQL or
        in scripts, run <code>npm run create-admin</code> instead.
      </FormAlert>
    );
  }

  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-labelledby="setup-title">
      {errors.root?.server ? <FormAlert tone="error">{errors.root.server.message}</FormAlert> : null}
      <NewAccountFields register={register} errors={errors} />
      <SubmitButton isPending={token === null || isBusy} pendingLabel="Creating administrator…">
        Create administrator
      </SubmitButton>
    </form>
  );
}
