import "server-only";
import { generateAuthenticationOptions, type PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { listPasskeys } from "@/lib/db/passkeys";
import { AppError } from "@/lib/errors";
import type { RequestMeta } from "@/lib/request-meta";
import type { AuthenticationCredential } from "@/lib/validation/mfa";
import type { Principal } from "@/lib/auth/principal";
import { assertWithinLimit } from "@/lib/auth/rate-limit";
import { CHALLENGE_LIFETIME_SECONDS, checkAssertion, rememberChallenge, takeSignedChallenge, type PasskeyMethods } from "@/lib/auth/passkeys/ceremony";
import { requireRelyingParty } from "@/lib/auth/passkeys/relying-party";

/**
 * Options for a step-up with a passkey (then POST /api/mfa/verify/ `{"passkey"}`): the caller's passkeys
 * only, user verification required, the challenge bound to the step-up and the caller. Spends the
 * account's passkey-options budget (`passkeyOptionsAccount`, shared with adding a passkey).
 */
export async function startPasskeyStepUp(principal: Principal): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const relyingParty = requireRelyingParty();
  await assertWithinLimit("passkeyOptionsAccount", principal.user.id);
  const passkeys = await listPasskeys(principal.user.id);
  if (passkeys.length === 0) throw new AppError("passkey_invalid", { detail: "This account has no passkey: confirm it is you another way." });
  const options = await generateAuthenticationOptions({
    rpID: relyingParty.id,
    userVerification: "required",
    timeout: CHALLENGE_LIFETIME_SECONDS * 1000,
    allowCredentials: passkeys.map((passkey) => ({ id: passkey.credentialId, transports: passkey.transports })),
  });
  await rememberChallenge(options.challenge, { ceremony: "step_up", userId: principal.user.id, mfaChallengeId: null });
  return options;
}

/**
 * Checks a step-up's assertion: the challenge handed out for this account's step-up, the account's own
 * passkey, verified with user verification and a counter that moves forward. The methods it proves, or null
 * when refused (the caller counts it as a wrong code).
 */
export async function checkStepUpPasskey(principal: Principal, credential: AuthenticationCredential, meta: RequestMeta): Promise<PasskeyMethods | null> {
  const relyingParty = requireRelyingParty();
  const challenge = await takeSignedChallenge(credential.response.clientDataJSON, { ceremony: "step_up", userId: principal.user.id, mfaChallengeId: null });
  const check = await checkAssertion(credential, challenge, relyingParty, { userId: principal.user.id }, meta);
  return check?.methods ?? null;
}
