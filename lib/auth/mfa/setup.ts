import "server-only";
import { recordAuditEvent } from "@/lib/db/audit";
import { findTotpFactor, isAbandonedTotpSetup, replaceRecoveryCodes, savePendingTotpFactor, spendTotpStep } from "@/lib/db/second-factors";
import { withTransaction, type Tx } from "@/lib/db/transaction";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { RequestMeta } from "@/lib/request-meta";
import type { TotpConfirmInput, TotpSetupInput } from "@/lib/validation/mfa";
import { requireVerified, type Principal } from "@/lib/auth/principal";
import { confirmCurrentPassword } from "@/lib/auth/reauthenticate";
import { admitSecondFactorAttempt, countSecondFactorFailure } from "@/lib/auth/mfa/attempts";
import { getMfaKeys } from "@/lib/auth/mfa/mfa-keys";
import { generateRecoveryCodes, hashRecoveryCode, normalizeRecoveryCode } from "@/lib/auth/mfa/recovery-codes";
import { sealSecret } from "@/lib/auth/mfa/secret-box";
import { sendSecurityEmail } from "@/lib/auth/security-emails";
import { forgetTrustedBrowsers } from "@/lib/auth/trusted-browsers";
import { buildTotpUrl, generateTotpSecret, matchTotpStep, renderQrSvg } from "@/lib/auth/mfa/totp";
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

/**
 * Activates the pending setup with a current code from the app, and answers the ten recovery codes (the only
 * time they are shown). The code's time step is spent, so it cannot also pass a sign-in; wrong codes spend
 * the account's daily second-factor budget.
 */
export async function confirmTotpSetup(principal: Principal, input: TotpConfirmInput, meta: RequestMeta): Promise<{ recovery_codes: string[] }> {
  const { user } = requireVerified(principal);
  const factor = await findTotpFactor(user.id);
  if (factor?.confirmedAt) throw new AppError("mfa_already_enabled");
  // A secret shown more than TOTP_SETUP_LIFETIME_MS ago is not turned on: the user starts again.
  if (!factor || isAbandonedTotpSetup(factor)) throw new AppError("mfa_setup_required");
  await admitSecondFactorAttempt(user.id);
  const step = matchTotpStep(await openTotpSecret(user.id, factor.secretCiphertext), input.code);
  if (step === null) throw await countSecondFactorFailure(user.id);
  const { recoveryCodeKey } = await getMfaKeys();
  const codes = await withTransaction(async (tx) => {
    // Refused when another request activated it first or spent this step: the code counted once already.
    if (!(await spendTotpStep(user.id, step, { activate: true }, tx))) return null;
    const issued = await issueRecoveryCodes(user.id, tx, recoveryCodeKey);
    await recordAuditEvent("mfa_enabled", meta, { userId: user.id, sessionId: principal.sessionId, detail: { method: "totp" } }, tx);
    // A factor change: no browser remembered before it skips the new factor.
    await forgetTrustedBrowsers(user.id, "mfa_enabled", meta, { sessionId: principal.sessionId, tx });
    return issued;
  });
  if (!codes) throw new AppError("mfa_code_invalid");
  sendSecurityEmail(user.id, { kind: "mfa_enabled" }, meta);
  return { recovery_codes: codes };
}
