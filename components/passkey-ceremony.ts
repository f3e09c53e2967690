import {
  browserSupportsWebAuthn,
  sendSignal,
  startAuthentication,
  startRegistration,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from "@simplewebauthn/browser";
import { describeFailure, postJson, type ApiFailure, type ApiResult } from "./api-request";

/**
 * The browser's half of the passkey ceremonies: options from our API, the browser's prompt through
 * @simplewebauthn/browser, and a sentence for every way it can end without an answer. The answers go back
 * to the API by the caller, which knows what a success leads to.
 */
export type Ceremony<T> = { ok: true; answer: T } | { ok: false; reason: "cancelled" | "refused"; message: string; failure?: ApiFailure };

/** What the browser says when the prompt did not produce a passkey, as a sentence for the page. */
function describeBrowserError(error: unknown, action: "create" | "use"): Ceremony<never> {
  const name = error instanceof Error ? error.name : "";
  if (name === "AbortError") return { ok: false, reason: "cancelled", message: "" };
  if (name === "NotAllowedError") {
    return { ok: false, reason: "cancelled", message: action === "create" ? "No passkey was created: the prompt was closed or timed out." : "The passkey prompt was closed or timed out. Try again, or sign in another way." };
  }
  if (name === "InvalidStateError") return { ok: false, reason: "refused", message: "This device already holds a passkey for your account." };
  if (name === "SecurityError") return { ok: false, reason: "refused", message: "Passkeys cannot be used at this address of the site." };
  return { ok: false, reason: "refused", message: action === "create" ? "This browser could not create a passkey." : "This browser could not use a passkey." };
}

function refusedBy(failure: ApiFailure): Ceremony<never> {
  return { ok: false, reason: "refused", message: describeFailure(failure), failure };
}

/**
 * Asks the browser for one of this site's passkeys: `body` is {} for a sign-in, { mfa_token } for a second
 * step; a step-up takes its options from `optionsUrl` /api/passkeys/step-up/options/.
 */
export async function askForPasskey(
  body: Record<string, string>,
  options: { useBrowserAutofill?: boolean; optionsUrl?: string } = {},
): Promise<Ceremony<AuthenticationResponseJSON>> {
  const started = await postJson<PublicKeyCredentialRequestOptionsJSON>(options.optionsUrl ?? "/api/passkeys/login/options/", body);
  if (!started.ok) return refusedBy(started);
  try {
    return { ok: true, answer: await startAuthentication({ optionsJSON: started.data, useBrowserAutofill: options.useBrowserAutofill ?? false }) };
  } catch (error) {
    return describeBrowserError(error, "use");
  }
}

/** How a passkey as a second factor ended: a refusal carries the API's failure; a closed prompt only its sentence (empty when there is nothing to say). */
export type PasskeyProof = { ok: true } | { ok: false; failure: ApiFailure | null; message: string };

/**
 * A passkey as a second factor: the browser's prompt for options from `optionsUrl` with `body` (the sign-in's
 * { mfa_token }, or the step-up's options for this session), then the assertion sent by `send`.
 */
export async function provePasskey(
  request: { body: Record<string, string>; optionsUrl?: string },
  send: (answer: AuthenticationResponseJSON) => Promise<ApiResult<unknown>>,
): Promise<PasskeyProof> {
  const ceremony = await askForPasskey(request.body, { optionsUrl: request.optionsUrl });
  if (!ceremony.ok) return { ok: false, failure: ceremony.failure ?? null, message: ceremony.message };
  const result = await send(ceremony.answer);
  return result.ok ? { ok: true } : { ok: false, failure: result, message: describeFailure(result) };
}

/** The step-up's passkey: options for this session's account (POST /api/passkeys/step-up/options/), the assertion to POST /api/mfa/verify/. */
export function proveStepUpPasskey(): Promise<PasskeyProof> {
  return provePasskey({ body: {}, optionsUrl: "/api/passkeys/step-up/options/" }, (passkey) => postJson<Record<string, never>>("/api/mfa/verify/", { passkey }));
}

/** Asks the browser to create a passkey for the signed-in account (the server may want a step-up first). */
export async function createPasskey(): Promise<Ceremony<RegistrationResponseJSON>> {
  const started = await postJson<PublicKeyCredentialCreationOptionsJSON>("/api/passkeys/register/options/", {});
  if (!started.ok) return refusedBy(started);
  try {
    return { ok: true, answer: await startRegistration({ optionsJSON: started.data }) };
  } catch (error) {
    return describeBrowserError(error, "create");
  }
}

/** The relying party as the pages need it: its ID (APP_URL's host) and the one origin the server accepts. */
export interface PasskeySite {
  id: string;
  origin: string;
}

/**
 * Where this page stands with passkeys: usable `here`; `unsupported` by this browser; or `elsewhere`, a page
 * opened at another address than APP_URL's origin, where the browser (another host, such as 127.0.0.1) or the
 * server (another origin) would refuse them.
 */
export type PasskeyPlace = "here" | "unsupported" | "elsewhere";

export function passkeyPlaceOf(site: PasskeySite): PasskeyPlace {
  if (!browserSupportsWebAuthn()) return "unsupported";
  return window.location.origin === site.origin ? "here" : "elsewhere";
}

/**
 * Tells the browser that this site does not know a passkey it offered (removed, or its account deleted), so
 * it stops offering it (WebAuthn's signalUnknownCredential, through @simplewebauthn/browser's sendSignal).
 * Browsers without the Signal API are left alone, and a refused signal changes nothing for the page.
 */
export async function forgetUnknownPasskey(relyingPartyId: string, credentialId: string): Promise<void> {
  if (typeof PublicKeyCredential === "undefined" || !("signalUnknownCredential" in PublicKeyCredential)) return;
  await sendSignal({ signalName: "unknownCredential", rpID: relyingPartyId, credentialID: credentialId }).catch(() => undefined);
}
