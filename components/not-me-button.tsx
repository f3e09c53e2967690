"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, type JSX } from "react";
import { describeFailure, postJson } from "./api-request";
import { ActionError } from "./action-error";

/** What else the confirmation warns about, by the reported event: a factor it added goes with the sessions (POST /api/account/secure/). */
const FACTOR_GOES: Partial<Record<string, string>> = {
  mfa_enabled: "The authenticator app and the recovery codes set up then go too, if they are still yours.",
  totp_added: "The authenticator app added then goes too, if it is still yours.",
  passkey_added: "The passkey added then goes too.",
  recovery_codes_regenerated: "The recovery codes made then go too, if they are still yours: make new ones afterwards.",
};
/** A sign-in made with a passkey (login_succeeded naming one): that passkey goes too. */
const PASSKEY_SIGN_IN_GOES = "The passkey that signed in then goes too.";

interface NotMeButtonProps {
  eventId: string;
  /** The audit event's name. */
  event: string;
  isPasskeySignIn: boolean;
  eventLabel: string;
  email: string;
}

/**
 * "This wasn't me" on a security event: after a confirmation, every session ends (this one too, with a
 * second factor the event added) and a password-reset code goes to the account's address; the reset page
 * takes over with the email filled in.
 */
export function NotMeButton({ eventId, event, isPasskeySignIn, eventLabel, email }: NotMeButtonProps): JSX.Element {
  const router = useRouter();
  const triggerRef = useRef<HTMLButtonElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const [isConfirming, setIsConfirming] = useState(false);
  const [isPending, setIsPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const goes = FACTOR_GOES[event] ?? (isPasskeySignIn ? PASSKEY_SIGN_IN_GOES : null);

  useEffect(() => {
    if (isConfirming) confirmRef.current?.focus();
  }, [isConfirming]);

  const cancel = (): void => {
    setIsConfirming(false);
    setError(null);
    // The trigger comes back on the next render; focus it there.
    requestAnimationFrame(() => triggerRef.current?.focus());
  };

  const secureAccount = async (): Promise<void> => {
    setIsPending(true);
    setError(null);
    const result = await postJson<{ sessions_ended: number; reset_code_sent: boolean; second_factors_removed: string[] }>("/api/account/secure/", { event_id: eventId });
    if (!result.ok) {
      setIsPending(false);
      setError(describeFailure(result));
      return;
    }
    // The reset page tells which second factors went with the sessions (the reported event had added them).
    const removed = result.data.second_factors_removed.join(",");
    // And whether this report sent a code (none inside the reset cooldown, or over its budget).
    const unsent: Record<string, string> = result.data.reset_code_sent ? {} : { code: "not_sent" };
    router.replace(`/reset-password?${new URLSearchParams({ email, reason: "not_me", ...(removed ? { removed } : {}), ...unsent })}`);
    router.refresh();
  };

  if (!isConfirming) {
    return (
      <button ref={triggerRef} type="button" className="button button-link event-action" onClick={() => setIsConfirming(true)} aria-label={`This wasn't me: ${eventLabel}`}>
        This wasn&apos;t me
      </button>
    );
  }
  return (
    <div
      className="event-confirm"
      role="group"
      aria-label={`This wasn't me: ${eventLabel}`}
      onKeyDown={(event) => {
        if (event.key === "Escape" && !isPending) {
          event.stopPropagation();
          cancel();
        }
      }}
    >
      <p>
        Sign out every device, this one too, and email a password-reset code to <strong className="break">{email}</strong>?
        {goes ? ` ${goes}` : null}
      </p>
      <div className="actions">
        <button ref={confirmRef} type="button" className="button button-primary button-small" onClick={secureAccount} disabled={isPending}>
          {isPending ? "Securing your account…" : "Sign out everywhere and reset my password"}
        </button>
        <button type="button" className="button button-secondary button-small" onClick={cancel} disabled={isPending}>
          Cancel
        </button>
      </div>
      <ActionError message={error} />
    </div>
  );
}
