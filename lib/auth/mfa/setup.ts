import "server-only";
import { recordAuditEvent } from "@/lib/db/audit";
import {
  countUnusedRecoveryCodes,
  findTotpFactor,
  hasActiveSecondFactor,
  isAbandonedTotpSetup,
  lockSecondFactorOwner,
  replaceRecoveryCodes,
  savePendingTotpFactor,
  spendTotpStep,
} from "@/lib/db/second-factors";
import { withLockingTransaction, type Tx } from "@/lib/db/transaction";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { RequestMeta } from "@/lib/request-meta";
import type { TotpConfirmInput, TotpSetupInput } from "@/lib/validation/mfa";
import { requireRecentSecondFactor } from "@/lib/auth/assurance";
import { requireVerified, type Principal } from "@/lib/auth/principal";
import { confirmCurrentPassword } from "@/lib/auth/reauthenticate";
import { admitSecondFactorAttempt, countSecondFactorFailure } from "@/lib/auth/mfa/attempts";
import { getMfaKeys } from "@/lib/auth/mfa/mfa-keys";
import { generateRecoveryCodes, hashRecoveryCode, normalizeRecoveryCode } from "@/lib/auth/mfa/recovery-codes";
import { sealSecret } from "@/lib/auth/mfa/secret-box";
import { sendSecurityEmail } from "@/lib/auth/security-emails";
import { signPair } from "@/lib/auth/session";
import type { TokenPair } from "@/lib/auth/tokens";
import { forgetTrustedBrowsers } from "@/lib/auth/trusted-browsers";
import { buildTotpUrl, generateTotpSecret, matchTotpStep, renderQrSvg } from "@/lib/auth/mfa/totp";
import { raiseSessionInPlace } from "@/lib/auth/mfa/step-up";
import { openTotpSecret } from "@/lib/auth/mfa/verify";

export interface TotpSetup {
  /** Base32, for typing into the app; shown this once, never answered again. */
  secret: string;
  otpauth_url: string;
  /** The QR code of `otpauth_url`, an SVG document drawn on this server. */
  qr_svg: string;
}

/**
 * Starts (or restarts) an authenticator app setup: the password again, then a new secret stored sealed and
 * unconfirmed, replacing an unconfirmed one. Sign-in is unchanged until confirmTotpSetup. Needs a verified
 * email: a factor on an address nobody proved would let whoever registered it first lock
 * the address's owner out, since a password reset keeps the factor.
 */
export async function startTotpSetup(principal: Principal, input: TotpSetupInput, meta: RequestMeta): Promise<TotpSetup> {
  const { user } = requireVerified(principal);
  if ((await findTotpFactor(user.id))?.confirmedAt) throw new AppError("mfa_already_enabled");
  // Beside a passkey, as for adding another passkey: a stolen session and the password must not add a factor of their own.
  await requireRecentSecondFactor(principal);
  await confirmCurrentPassword(principal, input.password, meta, "password");
  const secret = generateTotpSecret();
  const sealed = sealSecret((await getMfaKeys()).secretBoxKey, secret, user.id);
  // One statement: an activation that won a race meanwhile is not overwritten.
  if (!(await savePendingTotpFactor(user.id, sealed))) throw new AppError("mfa_already_enabled");
  const otpauthUrl = buildTotpUrl(secret, getEnv().APP_NAME, user.email);
  return { secret, otpauth_url: otpauthUrl, qr_svg: await renderQrSvg(otpauthUrl) };
}

/** Ten new recovery codes for the account, replacing all its earlier ones; the plain codes, to show once. */
export async function issueRecoveryCodes(userId: string, tx: Tx, recoveryCodeKey: Buffer): Promise<string[]> {
  const codes = generateRecoveryCodes();
  await replaceRecoveryCodes(userId, codes.map((code) => hashRecoveryCode(recoveryCodeKey, userId, normalizeRecoveryCode(code)!)), tx);
  return codes;
}

/** The recovery codes after a factor was added: the new ones (to show once; none when kept), and how many work now. */
export interface RecoveryCodesOnAdding {
  issued: string[];
  remaining: number;
}

/**
 * The recovery codes of an account gaining a second factor. They belong to the account, not to one
 * factor: unused ones are kept (a passkey added beside the app, or the app beside a passkey, leaves the
 * codes the person saved working); an account with none unused (its first factor, or every code spent)
 * gets ten. Call in the transaction that adds the factor, after lockSecondFactorOwner.
 */
export async function provideRecoveryCodes(userId: string, tx: Tx, recoveryCodeKey: Buffer): Promise<RecoveryCodesOnAdding> {
  const remaining = await countUnusedRecoveryCodes(userId, tx);
  if (remaining > 0) return { issued: [], remaining };
  const issued = await issueRecoveryCodes(userId, tx, recoveryCodeKey);
  return { issued, remaining: issued.length };
}

/** POST /api/mfa/totp/confirm/'s answer. */
export interface TotpConfirmed {
  /** Ten new recovery codes, shown this once; empty when the account's unused codes were kept. */
  recovery_codes: string[];
  /** The account's unused recovery codes now (the new ten, or those kept). */
  recovery_codes_remaining: number;
}

/**
 * Activates the pending setup with a current code from the app. When it is the account's first second
 * factor, two-factor authentication turns on (mfa_enabled) and the ten recovery codes are answered (the
 * only time they are shown); beside a passkey it is one more way in (totp_added) and the recovery codes the
 * account has are kept (provideRecoveryCodes). The code proves the app as a step-up's would, so the caller's
 * session is raised in place in the same transaction (aal 2, `otp` in amr, auth_time now) and a fresh pair
 * answered: a staff account reaches the admin pages, and new recovery codes need no second code, which the
 * app could not give (its current step is spent here, so it cannot pass a sign-in or a step-up either).
 * Wrong codes spend the account's daily second-factor budget.
 */
export async function confirmTotpSetup(principal: Principal, input: TotpConfirmInput, meta: RequestMeta): Promise<TotpConfirmed & TokenPair> {
  const { user } = requireVerified(principal);
  const factor = await findTotpFactor(user.id);
  if (factor?.confirmedAt) throw new AppError("mfa_already_enabled");
  // A secret shown more than TOTP_SETUP_LIFETIME_MS ago is not turned on: the user starts again.
  if (!factor || isAbandonedTotpSetup(factor)) throw new AppError("mfa_setup_required");
  await admitSecondFactorAttempt(user.id);
  const step = matchTotpStep(await openTotpSecret(user.id, factor.secretCiphertext), input.code);
  if (step === null) throw await countSecondFactorFailure(user.id);
  const { recoveryCodeKey } = await getMfaKeys();
  const confirmed = await withLockingTransaction(async (tx) => {
    await lockSecondFactorOwner(user.id, tx);
    const wasOn = await hasActiveSecondFactor(user.id, tx);
    // Refused when another request activated it first or spent this step: the code counted once already.
    if (!(await spendTotpStep(user.id, step, { activate: true }, tx))) return null;
    const codes = await provideRecoveryCodes(user.id, tx, recoveryCodeKey);
    const event = wasOn ? "totp_added" : "mfa_enabled";
    // The app's confirmation time names this app: "This wasn't me" on this row removes it only while it is still the account's.
    const confirmedAt = (await findTotpFactor(user.id, tx))?.confirmedAt?.toISOString() ?? null;
    const detail = { method: "totp", confirmedAt, recoveryCodesIssued: codes.issued.length > 0 };
    await recordAuditEvent(event, meta, { userId: user.id, sessionId: principal.sessionId, detail }, tx);
    // A factor change: no browser remembered before it skips the new factor.
    await forgetTrustedBrowsers(user.id, event, meta, { sessionId: principal.sessionId, tx });
    const { claims } = await raiseSessionInPlace(principal, "otp", tx);
    return { event, codes, claims } as const;
  });
  if (!confirmed) throw new AppError("mfa_code_invalid");
  sendSecurityEmail(user.id, { kind: confirmed.event }, meta);
  return { recovery_codes: confirmed.codes.issued, recovery_codes_remaining: confirmed.codes.remaining, ...(await signPair(confirmed.claims)) };
}
