import "server-only";
import { generateRegistrationOptions, type PublicKeyCredentialCreationOptionsJSON } from "@simplewebauthn/server";
import { recordAuditEvent } from "@/lib/db/audit";
import { countPasskeys, insertPasskey, listPasskeys } from "@/lib/db/passkeys";
import { lockSecondFactorOwner } from "@/lib/db/second-factors";
import { withTransaction } from "@/lib/db/transaction";
import { AppError } from "@/lib/errors";
import type { RequestMeta } from "@/lib/request-meta";
import type { PasskeyRegisterInput } from "@/lib/validation/mfa";
import { requireRecentSecondFactor } from "@/lib/auth/assurance";
import { describeUserAgent } from "@/lib/auth/devices";
import { getMfaKeys } from "@/lib/auth/mfa/mfa-keys";
import { provideRecoveryCodes } from "@/lib/auth/mfa/setup";
import { requireVerified, type Principal } from "@/lib/auth/principal";
import { assertWithinLimit } from "@/lib/auth/rate-limit";
import { sendSecurityEmail } from "@/lib/auth/security-emails";
import { forgetTrustedBrowsers } from "@/lib/auth/trusted-browsers";
import { CHALLENGE_LIFETIME_SECONDS, rememberChallenge, takeSignedChallenge, userHandleOf, verifyRegistration } from "@/lib/auth/passkeys/ceremony";
import { toPasskeyView, type PasskeyView } from "@/lib/auth/passkeys/view";
import { requireRelyingParty } from "@/lib/auth/passkeys/relying-party";

/** The most passkeys one account may have. */
export const PASSKEY_LIMIT = 20;

/**
 * Who may add a passkey: a verified account (a factor on an address nobody proved would let whoever
 * registered it lock out its owner, as for the authenticator app) that proved its second factor to this
 * session in the last ten minutes, if it has one.
 */
async function requireMayAddPasskey(principal: Principal): Promise<void> {
  requireVerified(principal);
  await requireRecentSecondFactor(principal);
}

/**
 * Options for navigator.credentials.create(): a discoverable credential (so sign-in needs no email) with
 * user verification, no attestation, the account's passkeys excluded; the challenge is stored bound to the
 * registration and the user. The user handle is the account's id (16 bytes): no email or name inside.
 * Spends the account's passkey-options budget (`passkeyOptionsAccount`, shared with the step-up's).
 */
export async function startPasskeyRegistration(principal: Principal): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const relyingParty = requireRelyingParty();
  await requireMayAddPasskey(principal);
  await assertWithinLimit("passkeyOptionsAccount", principal.user.id);
  const { user } = principal;
  const existing = await listPasskeys(user.id);
  if (existing.length >= PASSKEY_LIMIT) throw new AppError("passkey_limit_reached");
  const options = await generateRegistrationOptions({
    rpName: relyingParty.name,
    rpID: relyingParty.id,
    userName: user.email,
    userDisplayName: user.userName,
    userID: userHandleOf(user.id),
    timeout: CHALLENGE_LIFETIME_SECONDS * 1000,
    attestationType: "none",
    excludeCredentials: existing.map((passkey) => ({ id: passkey.credentialId, transports: passkey.transports })),
    authenticatorSelection: { residentKey: "required", requireResidentKey: true, userVerification: "required" },
  });
  await rememberChallenge(options.challenge, { ceremony: "registration", userId: user.id, mfaChallengeId: null });
  return options;
}

export interface AddedPasskey {
  passkey: PasskeyView;
  /** When the account had no unused recovery codes (its first second factor, say): ten, shown this once. */
  recovery_codes?: string[];
}

/**
 * Verifies and stores the new passkey: its challenge is spent, the origin and relying party checked, the
 * user verified. Under the account's row lock, the cap is checked and the passkey stored; when the account
 * had no unused recovery codes (its first second factor), ten are issued in the same transaction (answered
 * once); unused ones are kept (provideRecoveryCodes). Every remembered browser is forgotten, as for any factor
 * change. Audited and emailed.
 */
export async function finishPasskeyRegistration(principal: Principal, input: PasskeyRegisterInput, meta: RequestMeta): Promise<AddedPasskey> {
  const relyingParty = requireRelyingParty();
  await requireMayAddPasskey(principal);
  const { user } = principal;
  const challenge = await takeSignedChallenge(input.passkey.response.clientDataJSON, { ceremony: "registration", userId: user.id, mfaChallengeId: null });
  const verified = await verifyRegistration(input.passkey, challenge, relyingParty);
  const name = input.name ?? describeUserAgent(meta.userAgent);
  const { recoveryCodeKey } = await getMfaKeys();
  const added = await withTransaction(async (tx) => {
    await lockSecondFactorOwner(user.id, tx);
    if ((await countPasskeys(user.id, tx)) >= PASSKEY_LIMIT) throw new AppError("passkey_limit_reached");
    const passkey = await insertPasskey({ userId: user.id, name, ...verified }, tx);
    // The same authenticator's credential, registered already (to this account or another).
    if (!passkey) throw new AppError("passkey_invalid");
    const { issued } = await provideRecoveryCodes(user.id, tx, recoveryCodeKey);
    const recoveryCodes = issued.length > 0 ? issued : null;
    const detail = { passkeyId: passkey.id, name, deviceType: passkey.deviceType, backedUp: passkey.backedUp, recoveryCodesIssued: recoveryCodes !== null };
    await recordAuditEvent("passkey_added", meta, { userId: user.id, sessionId: principal.sessionId, detail }, tx);
    // A factor change, as adding the app is: no browser remembered before it skips the second step now.
    await forgetTrustedBrowsers(user.id, "passkey_added", meta, { sessionId: principal.sessionId, tx });
    return { passkey, recoveryCodes };
  });
  sendSecurityEmail(user.id, { kind: "passkey_added", name }, meta);
  return { passkey: toPasskeyView(added.passkey), ...(added.recoveryCodes ? { recovery_codes: added.recoveryCodes } : {}) };
}
