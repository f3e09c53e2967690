"use client";

import { useRouter } from "next/navigation";
import { useRef, useState, type JSX } from "react";
import type { PasskeyView } from "@/lib/auth/passkeys/view";
import { describeFailure, postJson, type ApiResult } from "./api-request";
import { ActionError } from "./action-error";
import { announce } from "./announcer";
import { PasskeyAddressNote, usePasskeyPlace } from "./passkey-address";
import { createPasskey, type PasskeySite } from "./passkey-ceremony";
import { PasskeyRow } from "./passkey-row";
import { RecoveryCodesView } from "./recovery-codes-view";
import { useStepUp } from "./use-step-up";
import "@/app/passkeys.css";

interface AddedPasskey {
  passkey: PasskeyView;
  recovery_codes?: string[];
}

/** What the first second factor changes for a password sign-in, said before adding a passkey and once it is added. */
const FIRST_FACTOR_BEFORE = "once you add one, signing in with your password also asks for the passkey (or a recovery code).";
const FIRST_FACTOR_AFTER = "From now on, signing in with your password also asks for your passkey (or a recovery code).";

/** The browser's prompt ended without a passkey (closed, timed out, refused): nothing for a step-up to retry. */
class PromptEnded extends Error {}

/**
 * The dashboard's passkeys: the list (name, added, last used, device type, backed up), "Add a passkey"
 * (the browser's prompt, then the server's check), rename and remove. When the first passkey is the
 * account's first second factor, the recovery codes the server answers are shown this once. Adding and
 * removing need a second factor proved in the last ten minutes when the account has one: the step-up
 * prompt asks for it and the request is sent again.
 */
export function PasskeysPanel({
  passkeys,
  email,
  site,
  hasSecondFactor,
  now,
}: {
  passkeys: PasskeyView[];
  email: string;
  site: PasskeySite;
  /** The account has a second factor already (the app or a passkey): else the first passkey turns on the second step. */
  hasSecondFactor: boolean;
  now: number;
}): JSX.Element {
  const router = useRouter();
  const stepUp = useStepUp("passkeys");
  const headingRef = useRef<HTMLHeadingElement>(null);
  const place = usePasskeyPlace(site.id, site.origin);
  const [isAdding, setIsAdding] = useState(false);
  const [outcome, setOutcome] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);

  const report = (message: string, moveFocus: boolean): void => {
    setOutcome(message);
    announce(message);
    router.refresh();
    if (moveFocus) headingRef.current?.focus();
  };

  const add = async (): Promise<void> => {
    setIsAdding(true);
    setError(null);
    setOutcome("");
    let result: ApiResult<AddedPasskey> | null;
    try {
      result = await stepUp.send<AddedPasskey>(async () => {
        const ceremony = await createPasskey();
        if (ceremony.ok) return postJson<AddedPasskey>("/api/passkeys/register/verify/", { passkey: ceremony.answer });
        // The options' refusal (step_up_required among them) goes to the step-up as it came.
        if (ceremony.failure) return ceremony.failure;
        throw new PromptEnded(ceremony.message);
      });
    } catch (ended) {
      if (!(ended instanceof PromptEnded)) throw ended;
      setIsAdding(false);
      setError(ended.message || null);
      return;
    }
    setIsAdding(false);
    if (result === null) return;
    if (!result.ok) {
      setError(describeFailure(result));
      return;
    }
    if (result.data.recovery_codes) setRecoveryCodes(result.data.recovery_codes);
    const added = `Added the passkey ${result.data.passkey.name}`;
    report(hasSecondFactor ? added : `${added}. ${FIRST_FACTOR_AFTER}`, !result.data.recovery_codes);
  };

  return (
    <section className="panel" aria-labelledby="passkeys-title">
      <h2 id="passkeys-title" ref={headingRef} tabIndex={-1}>
        Passkeys
      </h2>
      <p className="muted">
        Sign in with this device&apos;s fingerprint, face or screen lock, or a security key, instead of a password. A passkey also counts as your second factor
        {hasSecondFactor ? "." : `: ${FIRST_FACTOR_BEFORE}`}
      </p>
      {outcome ? <p className="alert alert-success">{outcome}</p> : null}
      {recoveryCodes ? (
        <RecoveryCodesView
          codes={recoveryCodes}
          email={email}
          factor="passkey"
          onDone={() => {
            setRecoveryCodes(null);
            headingRef.current?.focus();
          }}
        />
      ) : null}
      {passkeys.length === 0 ? (
        <p>You have no passkey yet.</p>
      ) : (
        <ul className="passkey-list" aria-label="Your passkeys">
          {passkeys.map((passkey) => (
            <PasskeyRow key={passkey.id} passkey={passkey} now={now} send={stepUp.send} isStepUpAsking={stepUp.isAsking} onChanged={(message, wasRemoved) => report(message, wasRemoved)} />
          ))}
        </ul>
      )}
      {place === "here" || place === null ? (
        <div className="actions">
          <button ref={stepUp.returnFocusRef} type="button" className="button button-secondary" onClick={add} disabled={isAdding || place === null}>
            {isAdding && !stepUp.isAsking ? "Waiting for your passkey…" : "Add a passkey"}
          </button>
        </div>
      ) : place === "elsewhere" ? (
        <PasskeyAddressNote origin={site.origin} purpose="add a passkey" />
      ) : (
        <p className="muted">Passkeys cannot be added from this browser or at this address of the site.</p>
      )}
      <ActionError message={error} />
      {stepUp.prompt}
    </section>
  );
}
