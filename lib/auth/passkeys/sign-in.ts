import "server-only";
import { generateAuthenticationOptions, type PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { recordAuditEvent } from "@/lib/db/audit";
import { findLiveMfaChallenge } from "@/lib/db/mfa-challenges";
import { findPasskeyByCredentialId, listPasskeys } from "@/lib/db/passkeys";
import { findSignInAccount } from "@/lib/db/sign-ins";
import { AppError } from "@/lib/errors";
import { toEmailKey } from "@/lib/identifiers";
import type { RequestMeta } from "@/lib/request-meta";
import type { AuthenticationCredential, PasskeyLoginOptionsInput } from "@/lib/validation/mfa";
import { issueDeviceToken, knownClientOf, readDeviceToken } from "@/lib/auth/devices";
import { admitAccountAttempt, admitLoginAddress, failuresClearedBySuccess } from "@/lib/auth/login-throttle";
import { assertIpWithinLimit } from "@/lib/auth/rate-limit";
import { toSignInUser } from "@/lib/auth/sign-in/account";
import { completeSignIn } from "@/lib/auth/sign-in/complete";
import { hashMfaToken } from "@/lib/auth/sign-in/mfa-token";
import type { PasswordSignIn, SignInClient } from "@/lib/auth/sign-in/password";
import { CHALLENGE_LIFETIME_SECONDS, checkAssertion, rememberChallenge, takeSignedChallenge, type AssertionCheck } from "@/lib/auth/passkeys/ceremony";
import { requireRelyingParty } from "@/lib/auth/passkeys/relying-party";

/**
 * Options for navigator.credentials.get(), user verification required. Without an `mfa_token`: a passkey
 * sign-in with discoverable credentials (no allowCredentials, so the browser offers every passkey it holds
 * for this site, also as autofill); the challenge is bound to that ceremony only. With the `mfa_token` of a
 * password step: that account's passkeys only, the challenge bound to that second step. The sign-in page
 * asks on every view (its autofill), so options spend a budget of their own (`passkeyOptionsIp`, which
 * bounds the challenges an address stores), not the address's sign-in budget: only the check of an
 * assertion spends that, as a password does.
 */
export async function startPasskeySignIn(input: PasskeyLoginOptionsInput, meta: RequestMeta): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const relyingParty = requireRelyingParty();
  await assertIpWithinLimit("passkeyOptionsIp", meta.ip);
  const common = { rpID: relyingParty.id, userVerification: "required" as const, timeout: CHALLENGE_LIFETIME_SECONDS * 1000 };
  if (input.mfa_token === undefined) {
    const options = await generateAuthenticationOptions(common);
    await rememberChallenge(options.challenge, { ceremony: "authentication", userId: null, mfaChallengeId: null });
    return options;
  }
  const secondStep = await findLiveMfaChallenge(hashMfaToken(input.mfa_token));
  if (!secondStep) throw new AppError("mfa_token_invalid");
  const passkeys = await listPasskeys(secondStep.userId);
  if (passkeys.length === 0) throw new AppError("passkey_invalid", { detail: "This account has no passkey: finish signing in another way." });
  const options = await generateAuthenticationOptions({ ...common, allowCredentials: passkeys.map((passkey) => ({ id: passkey.credentialId, transports: passkey.transports })) });
  await rememberChallenge(options.challenge, { ceremony: "second_step", userId: secondStep.userId, mfaChallengeId: secondStep.id });
  return options;
}

/**
 * A passkey sign-in: the first factor and, with the user verification it requires, the second (amr
 * `hwk` or `swk` with `user`, aal 2), so no second step follows. The address's sign-in budget and the
 * account's budget are spent as for a password (the account's failure counted up front, forgotten on
 * success). An unknown credential, a deactivated account and a wrong signature get one answer,
 * `authentication_failed`, as a wrong password does. The unknown credential's answer adds
 * `unknown_credential`, for the page to have the browser forget it (WebAuthn's signalUnknownCredential):
 * it tells only whether a credential ID is registered here, nothing of an account, and a deactivated
 * account's passkey never gets it (reactivated, the account signs in with it again). A spent or expired
 * challenge is `passkey_challenge_invalid` whoever asks. The completion opens the session, audits
 * `login_succeeded` (with amr) and emails a new device, as for a password.
 */
export async function signInWithPasskey(credential: AuthenticationCredential, meta: RequestMeta, client: SignInClient): Promise<PasswordSignIn> {
  const relyingParty = requireRelyingParty();
  const [passkey, device] = await Promise.all([findPasskeyByCredentialId(credential.id), readDeviceToken(client.deviceToken), admitLoginAddress(meta.ip)]);
  const account = passkey ? await findSignInAccount({ id: passkey.userId }) : null;
  const emailKey = account ? toEmailKey(account.email) : null;
  const knownClient = knownClientOf(device, account);
  if (emailKey) await admitAccountAttempt(emailKey, knownClient);
  const challenge = await takeSignedChallenge(credential.response.clientDataJSON, { ceremony: "authentication", userId: null, mfaChallengeId: null });
  const check = account?.isActive ? await checkAssertion(credential, challenge, relyingParty, { userId: account.id, passkey }, meta) : null;
  if (!account || !check) {
    await recordAuditEvent("login_failed", meta, { userId: account?.id ?? null, detail: { reason: !account ? "unknown_passkey" : !account.isActive ? "inactive" : "passkey" } });
    // A credential we do not hold (removed, or its account deleted) is said, so the page can have the browser forget it.
    throw new AppError("authentication_failed", passkey ? {} : { extras: { unknown_credential: true } });
  }
  const authentication = { user: toSignInUser(account), methods: [...check.methods], at: new Date() };
  const outcome = await completeSignIn(authentication, {
    meta,
    kind: "sign_in",
    event: "login_succeeded",
    passkey: check.passkey,
    clearFailures: failuresClearedBySuccess(emailKey!, knownClient),
    replacesRefresh: client.replacesRefresh,
  });
  return { outcome, deviceToken: outcome.status === "signed_in" ? await issueDeviceToken(account) : null };
}

/**
 * A passkey as the second step after a password: the challenge must be the one handed out for this very
 * step (its mfa_challenges row) and the credential the account's own. The passkey and the methods it adds,
 * or null when the assertion was refused (the caller counts it as a wrong code).
 */
export async function checkSecondStepPasskey(step: { id: string; userId: string }, credential: AuthenticationCredential, meta: RequestMeta): Promise<AssertionCheck | null> {
  const relyingParty = requireRelyingParty();
  const challenge = await takeSignedChallenge(credential.response.clientDataJSON, { ceremony: "second_step", userId: step.userId, mfaChallengeId: step.id });
  return checkAssertion(credential, challenge, relyingParty, { userId: step.userId }, meta);
}
