import "server-only";
import { recordAuditEvent } from "@/lib/db/audit";
import type { RequestMeta } from "@/lib/request-meta";
import type { Principal } from "@/lib/auth/principal";
import { consumeOtpChallenge } from "@/lib/db/otp-challenges";
import { withTransaction } from "@/lib/db/transaction";
import { markUserVerified } from "@/lib/db/users";
import { AppError } from "@/lib/errors";
import type { ResendInput, VerifyInput } from "@/lib/validation/auth";
import { checkCode, clearCodeAttempts, requestCode } from "@/lib/auth/codes";
import { renewPairInSession, signPair } from "@/lib/auth/session";
import type { TokenPair } from "@/lib/auth/tokens";
import { assertIpWithinLimit } from "@/lib/auth/rate-limit";

export type VerifyResult = { detail: "verified" } & Partial<TokenPair>;

/** Verifies the email with its code; a signed-in caller gets a fresh pair carrying the verified claim. */
export async function verifyEmail(input: VerifyInput, meta: RequestMeta, principal: Principal | null): Promise<VerifyResult> {
  await assertIpWithinLimit("verifyIp", meta.ip);
  const { user, challenge } = await checkCode({
    email: input.email,
    code: input.otp,
    purpose: "verify_email",
    meta,
  });
  // The code, the verified flag, its audit row and the caller's renewed pair: one transaction.
  const outcome = await withTransaction(async (tx) => {
    if (!(await consumeOtpChallenge(challenge.id, tx))) return null;
    await markUserVerified(user.id, tx);
    await recordAuditEvent("email_verified", meta, { userId: user.id }, tx);
    if (principal?.user.id !== user.id) return { claims: null };
    return { claims: await renewPairInSession(principal.sessionId, { id: user.id, isVerified: true }, { tx }) };
  });
  if (!outcome) throw new AppError("otp_invalid");
  await clearCodeAttempts(user.email, "verify_email");
  return outcome.claims ? { detail: "verified", ...(await signPair(outcome.claims)) } : { detail: "verified" };
}

export const RESEND_DETAIL = "If this email belongs to an account that is not yet verified, a new code is on its way.";

/** Sends a fresh verification code (the old one dies) at most once per cooldown, one answer for every email. */
export async function resendVerificationCode(input: ResendInput, meta: RequestMeta): Promise<{ detail: string }> {
  await assertIpWithinLimit("resendIp", meta.ip);
  await requestCode({ email: input.email, purpose: "verify_email", meta });
  return { detail: RESEND_DETAIL };
}
