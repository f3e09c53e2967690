import "server-only";
import { recordAuditEvent } from "@/lib/db/audit";
import type { Tx } from "@/lib/db/transaction";
import { AppError } from "@/lib/errors";
import type { RequestMeta } from "@/lib/request-meta";
import { consumeLimit, peekLimit } from "@/lib/auth/rate-limit";
import { sendSecurityEmail } from "@/lib/auth/security-emails";
import { verifySecondFactor, type SecondFactorCheck, type SecondFactorProof } from "@/lib/auth/mfa/verify";

/**
 * Guessing a second factor is capped per account per day (OTP_ACCOUNT_MAX_ATTEMPTS, 20 by default), across
 * every path that takes one: setup confirmation, removal, the sign-in step, step-up. The budget is read
 * before a check and spent by a wrong one; it never switches off (RATE_LIMIT=off leaves it on). Outside any
 * transaction: the counters use the plain client.
 */
export async function admitSecondFactorAttempt(userId: string): Promise<void> {
  const budget = await peekLimit("secondFactorDaily", userId);
  if (!budget.isAllowed) throw new AppError("otp_locked", { retryAfterSeconds: budget.retryAfter });
}

/** Spends one wrong proof from the day's budget; the error to answer (mfa_code_invalid, or otp_locked once it is gone). */
export async function countSecondFactorFailure(userId: string): Promise<AppError> {
  const budget = await consumeLimit("secondFactorDaily", userId);
  if (!budget.isAllowed) return new AppError("otp_locked", { retryAfterSeconds: budget.retryAfter });
  return new AppError("mfa_code_invalid");
}

/** The audit row of a spent recovery code (with how many remain), in the caller's transaction if given. */
export async function recordRecoveryCodeUse(userId: string, check: SecondFactorCheck, meta: RequestMeta, sessionId: string | null, tx?: Tx): Promise<void> {
  if (check.method !== "recovery_code") return;
  await recordAuditEvent("recovery_code_used", meta, { userId, sessionId, detail: { remaining: check.recoveryCodesLeft ?? 0 } }, tx);
}

/** The security email of a spent recovery code (with how many remain): once its use is committed. */
export function emailRecoveryCodeUse(userId: string, check: SecondFactorCheck, meta: RequestMeta): void {
  if (check.method !== "recovery_code") return;
  sendSecurityEmail(userId, { kind: "recovery_code_used", remaining: check.recoveryCodesLeft ?? 0 }, meta);
}

/**
 * A whole second-factor check for callers without a transaction of their own: the day's budget, the check
 * (which spends the code), the audit of a recovery code. Throws mfa_code_invalid / otp_locked when refused.
 */
export async function checkSecondFactor(userId: string, proof: SecondFactorProof, meta: RequestMeta, sessionId: string | null): Promise<SecondFactorCheck> {
  await admitSecondFactorAttempt(userId);
  const check = await verifySecondFactor(userId, proof);
  if (!check) throw await countSecondFactorFailure(userId);
  await recordRecoveryCodeUse(userId, check, meta, sessionId);
  emailRecoveryCodeUse(userId, check, meta);
  return check;
}
