import "server-only";
import { secondFactorMethodsOf, type SecondFactorMethod } from "@/lib/auth/sign-in/authentication";
import { countUnusedRecoveryCodes, findSecondFactorKinds, findTotpFactor, hasActiveSecondFactor, spendRecoveryCode, spendTotpStep } from "@/lib/db/second-factors";
import type { Tx } from "@/lib/db/transaction";
import { getMfaKeys } from "@/lib/auth/mfa/mfa-keys";
import { hashRecoveryCode, normalizeRecoveryCode } from "@/lib/auth/mfa/recovery-codes";
import { openSecret } from "@/lib/auth/mfa/secret-box";
import { matchTotpStep } from "@/lib/auth/mfa/totp";

/** What a second step offers: an authenticator app's code, or one of the recovery codes. */
export type SecondFactorProof = { code: string } | { recovery_code: string };

export type { SecondFactorMethod };

/** An accepted proof: `method` is its RFC 8176 `amr` value ("otp") or `recovery_code`. */
export interface SecondFactorCheck {
  method: "otp" | "recovery_code";
  /** After a recovery code: how many unused ones remain. */
  recoveryCodesLeft?: number;
}

/** The decrypted secret of the account's authenticator app, or of its setup in progress. */
export async function openTotpSecret(userId: string, secretCiphertext: string): Promise<string> {
  const secret = openSecret((await getMfaKeys()).secretBoxKey, secretCiphertext, userId);
  // Only a changed MFA_ENCRYPTION_KEY (or a tampered row) gets here: a server fault, never "wrong code".
  if (secret === null) throw new Error("An authenticator app secret could not be decrypted: was MFA_ENCRYPTION_KEY changed?");
  return secret;
}

async function verifyTotpCode(userId: string, code: string, tx?: Tx): Promise<SecondFactorCheck | null> {
  const factor = await findTotpFactor(userId, tx);
  if (!factor?.confirmedAt) return null;
  const step = matchTotpStep(await openTotpSecret(userId, factor.secretCiphertext), code.trim());
  if (step === null) return null;
  return (await spendTotpStep(userId, step, { activate: false }, tx)) ? { method: "otp" } : null;
}

async function verifyRecoveryCode(userId: string, typed: string, tx?: Tx): Promise<SecondFactorCheck | null> {
  const normalized = normalizeRecoveryCode(typed);
  if (normalized === null) return null;
  const codeHash = hashRecoveryCode((await getMfaKeys()).recoveryCodeKey, userId, normalized);
  if (!(await spendRecoveryCode(userId, codeHash, tx))) return null;
  return { method: "recovery_code", recoveryCodesLeft: await countUnusedRecoveryCodes(userId, tx) };
}

/**
 * Checks and spends a second-factor proof: null when it is wrong, already used, or the account has no
 * active factor. A TOTP code counts once (its time step must be later than the last one used) and a
 * recovery code once, each decided by one conditional UPDATE, so of two concurrent requests with the same
 * code exactly one succeeds. No limits and no audit here: callers wrap it (attempts.ts) and may pass their
 * transaction, so spending the code commits with what it allows.
 */
export async function verifySecondFactor(userId: string, proof: SecondFactorProof, tx?: Tx): Promise<SecondFactorCheck | null> {
  return "code" in proof ? verifyTotpCode(userId, proof.code, tx) : verifyRecoveryCode(userId, proof.recovery_code, tx);
}

/** Whether the account has an active second factor, an authenticator app or a passkey (sign-in then asks for one). */
export function hasSecondFactor(userId: string, tx?: Tx): Promise<boolean> {
  return hasActiveSecondFactor(userId, tx);
}

/** The methods the account's second step can offer: none without an active factor. */
export async function listSecondFactorMethods(userId: string, tx?: Tx): Promise<SecondFactorMethod[]> {
  return secondFactorMethodsOf(await findSecondFactorKinds(userId, tx));
}
