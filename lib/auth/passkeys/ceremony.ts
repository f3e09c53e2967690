import "server-only";
import { verifyAuthenticationResponse, verifyRegistrationResponse, type AuthenticationResponseJSON, type RegistrationResponseJSON } from "@simplewebauthn/server";
import { decodeClientDataJSON, isoBase64URL, isoUint8Array } from "@simplewebauthn/server/helpers";
import { recordAuditEvent } from "@/lib/db/audit";
import { advancePasskeyCounter, findPasskeyByCredentialId, type NewPasskey, type PasskeyRecord } from "@/lib/db/passkeys";
import { createWebauthnChallenge, takeWebauthnChallenge, type WebauthnChallengeBinding } from "@/lib/db/webauthn-challenges";
import { AppError } from "@/lib/errors";
import type { RequestMeta } from "@/lib/request-meta";
import type { AuthenticationCredential, RegistrationCredential } from "@/lib/validation/mfa";
import type { RelyingParty } from "@/lib/auth/passkeys/relying-party";

/** How long a ceremony's challenge (and the browser's prompt) lasts. */
export const CHALLENGE_LIFETIME_SECONDS = 300;

/** A passkey's RFC 8176 methods once its assertion verified with user verification: `hwk` bound to one device, `swk` synced. */
export type PasskeyMethods = ["hwk" | "swk", "user"];

/** The WebAuthn user handle of an account: its id's 16 bytes (no email or name inside). */
export function userHandleOf(userId: string): Uint8Array<ArrayBuffer> {
  return isoUint8Array.fromHex(userId.replaceAll("-", ""));
}

export function methodsOfDeviceType(deviceType: string): PasskeyMethods {
  return [deviceType === "singleDevice" ? "hwk" : "swk", "user"];
}

/** Stores the challenge of options just generated, bound to its ceremony (and user, or second step). */
export async function rememberChallenge(challenge: string, binding: WebauthnChallengeBinding): Promise<void> {
  await createWebauthnChallenge(challenge, binding, new Date(Date.now() + CHALLENGE_LIFETIME_SECONDS * 1000));
}

/**
 * Takes (spends) the challenge the client signed, which must have been handed out for exactly this binding
 * and be under five minutes old; otherwise `passkey_challenge_invalid`. Spent before the signature is
 * checked, so a challenge is good for one attempt, right or wrong.
 */
export async function takeSignedChallenge(clientDataJSON: string, binding: WebauthnChallengeBinding): Promise<string> {
  let challenge: unknown;
  try {
    challenge = decodeClientDataJSON(clientDataJSON).challenge;
  } catch {
    throw new AppError("passkey_invalid");
  }
  if (typeof challenge !== "string" || !(await takeWebauthnChallenge(challenge, binding))) throw new AppError("passkey_challenge_invalid");
  return challenge;
}

/** A verified new credential, as it is to be stored. */
export type VerifiedRegistration = Omit<NewPasskey, "userId" | "name">;

/**
 * Verifies a registration against the challenge, the origin and the relying-party ID, with user verification
 * required and any attestation format the library knows ("none" is what the options ask for).
 */
export async function verifyRegistration(credential: RegistrationCredential, challenge: string, relyingParty: RelyingParty): Promise<VerifiedRegistration> {
  let info;
  try {
    const verification = await verifyRegistrationResponse({
      response: credential as RegistrationResponseJSON,
      expectedChallenge: challenge,
      expectedOrigin: relyingParty.origin,
      expectedRPID: relyingParty.id,
      requireUserVerification: true,
    });
    info = verification.verified ? verification.registrationInfo : null;
  } catch {
    info = null;
  }
  if (!info) throw new AppError("passkey_invalid");
  return {
    credentialId: info.credential.id,
    publicKey: info.credential.publicKey,
    counter: info.credential.counter,
    transports: credential.response.transports ?? [],
    deviceType: info.credentialDeviceType,
    backedUp: info.credentialBackedUp,
  };
}

export type AssertionCheck = { passkey: PasskeyRecord; methods: PasskeyMethods };

/**
 * Checks an assertion whose challenge was taken: the credential must be known (and belong to `userId`, when
 * given; a user handle, when sent, must name its owner), the signature right for the origin, the relying party and the challenge, the user verified. Then
 * the signature counter must move forward; one that does not is a copy of the key: audited
 * (`passkey_clone_detected`) and refused. The counter is judged after the signature (the library's own
 * check runs before it), so only a real assertion can raise that alarm, and moved by one conditional UPDATE,
 * so two uses of one state cannot both pass. Null for any refusal; the callers answer it as they must.
 */
export async function checkAssertion(
  credential: AuthenticationCredential,
  challenge: string,
  relyingParty: RelyingParty,
  expect: { userId: string | null; passkey?: PasskeyRecord | null },
  meta: RequestMeta,
): Promise<AssertionCheck | null> {
  const passkey = expect.passkey !== undefined ? expect.passkey : await findPasskeyByCredentialId(credential.id);
  if (!passkey || (expect.userId !== null && passkey.userId !== expect.userId)) return null;
  // A discoverable credential names its account too (WebAuthn 7.2 step 6): it must be the passkey's owner.
  const { userHandle } = credential.response;
  if (userHandle !== undefined && userHandle !== isoBase64URL.fromBuffer(userHandleOf(passkey.userId))) return null;
  let info;
  try {
    const verification = await verifyAuthenticationResponse({
      response: credential as AuthenticationResponseJSON,
      expectedChallenge: challenge,
      expectedOrigin: relyingParty.origin,
      expectedRPID: relyingParty.id,
      credential: { id: passkey.credentialId, publicKey: passkey.publicKey as Uint8Array<ArrayBuffer>, counter: 0 },
      requireUserVerification: true,
    });
    info = verification.verified ? verification.authenticationInfo : null;
  } catch {
    info = null;
  }
  if (!info) return null;
  if (!(await advancePasskeyCounter(passkey.id, info.newCounter))) {
    await recordAuditEvent("passkey_clone_detected", meta, { userId: passkey.userId, detail: { passkeyId: passkey.id, stored: passkey.counter, presented: info.newCounter } });
    return null;
  }
  return { passkey, methods: methodsOfDeviceType(info.credentialDeviceType) };
}
