"use client";

import { browserSupportsWebAuthnAutofill, type AuthenticationResponseJSON } from "@simplewebauthn/browser";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState, type JSX } from "react";
import { describeFailure, postJson } from "./api-request";
import { announce } from "./announcer";
import { FormAlert } from "./form-alert";
import { PasskeyAddressNote, usePasskeyPlace } from "./passkey-address";
import { askForPasskey, forgetUnknownPasskey, passkeyPlaceOf, type PasskeySite } from "./passkey-ceremony";
import { toSafeNextPath } from "./safe-next-path";
import "@/app/passkeys.css";

/** A passkey the server does not know (removed, or from another site's account) or an account it will not sign in: one sentence. */
const NOT_ACCEPTED = "That passkey was not accepted. It may have been removed from your account: sign in with your email and password.";

/**
 * "Sign in with a passkey" under the password form, and the same passkeys offered as autofill on its email
 * field (conditional mediation: the field's autocomplete says "webauthn"). Both use discoverable
 * credentials, so no email is typed. The autofill request waits in the background from the page's start;
 * the button's prompt replaces it, and it starts again when that prompt is closed without a passkey. Once
 * the server has refused a passkey, nothing asks again by itself (an authenticator that answers autofill
 * without a person, or a stale passkey picked again, would loop): the button stays for a new try. A passkey
 * the server does not know is signalled to the browser, which can then stop offering it.
 */
export function PasskeySignIn({ next, site }: { next: string; site: PasskeySite }): JSX.Element | null {
  const { id: relyingPartyId, origin } = site;
  const router = useRouter();
  const place = usePasskeyPlace(relyingPartyId, origin);
  const [isPending, setIsPending] = useState(false);
  const [isLeaving, setIsLeaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const isMounted = useRef(true);

  /** Sends the browser's answer; true once signed in. */
  const finish = useCallback(
    async (answer: AuthenticationResponseJSON): Promise<boolean> => {
      const result = await postJson<Record<string, never>>("/api/passkeys/login/verify/", { passkey: answer });
      if (result.ok) {
        setIsLeaving(true);
        announce("Signed in with your passkey.");
        router.replace(toSafeNextPath(next));
        return true;
      }
      if (result.extras.unknown_credential) void forgetUnknownPasskey(relyingPartyId, answer.id);
      setError(result.code === "authentication_failed" ? NOT_ACCEPTED : describeFailure(result));
      return false;
    },
    [next, router, relyingPartyId],
  );

  /** The autofill request: it ends only when a passkey is picked, or when another ceremony cancels it. */
  const offerAutofill = useCallback(async (): Promise<void> => {
    if (!isMounted.current || passkeyPlaceOf({ id: relyingPartyId, origin }) !== "here" || !(await browserSupportsWebAuthnAutofill())) return;
    if (!document.querySelector('input[autocomplete~="webauthn"]')) return;
    const ceremony = await askForPasskey({}, { useBrowserAutofill: true });
    if (!isMounted.current) return;
    if (ceremony.ok) {
      setIsPending(true);
      await finish(ceremony.answer);
      setIsPending(false);
    } else if (ceremony.failure && ceremony.failure.code !== "passkey_challenge_invalid") {
      // The browser's own refusals stay quiet here: nobody asked for this prompt yet.
      setError(ceremony.message);
    }
  }, [finish, relyingPartyId, origin]);

  useEffect(() => {
    isMounted.current = true;
    void offerAutofill();
    return () => {
      isMounted.current = false;
    };
  }, [offerAutofill]);

  const signIn = async (): Promise<void> => {
    setIsPending(true);
    setError(null);
    // Starting this prompt aborts the waiting autofill request (the library keeps one ceremony at a time).
    const ceremony = await askForPasskey({});
    if (ceremony.ok) {
      if (!(await finish(ceremony.answer))) setIsPending(false);
      return;
    }
    if (ceremony.message) setError(ceremony.message);
    setIsPending(false);
    // Closed without a passkey: the autofill this prompt aborted waits again.
    if (!ceremony.failure) void offerAutofill();
  };

  if (place === "elsewhere") {
    return (
      <div className="passkey-sign-in">
        <PasskeyAddressNote origin={origin} purpose="sign in with a passkey" />
      </div>
    );
  }
  if (place !== "here") return null;
  return (
    <div className="passkey-sign-in">
      <p className="divider">
        <span>or</span>
      </p>
      {error ? <FormAlert tone="error">{error}</FormAlert> : null}
      <button type="button" className="button button-secondary button-block" onClick={signIn} disabled={isPending || isLeaving} aria-describedby="passkey-sign-in-hint">
        {isPending || isLeaving ? "Waiting for your passkey…" : "Sign in with a passkey"}
      </button>
      <p id="passkey-sign-in-hint" className="field-hint">
        Use the fingerprint, face or screen lock of this device, or a security key. No email or password needed.
      </p>
    </div>
  );
}
