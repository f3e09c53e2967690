import "server-only";
import { runInBackground } from "@/lib/background";
import { recordAuditEvent } from "@/lib/db/audit";
import type { RequestMeta } from "@/lib/request-meta";
import { findLiveOtpChallenge, recordOtpFailure, type OtpChallengeRecord } from "@/lib/db/otp-challenges";
import { findUserByEmail, type UserRecord } from "@/lib/db/users";
import { toEmailKey } from "@/lib/identifiers";
import { AppError } from "@/lib/errors";
import { getKeys } from "@/lib/auth/keys";
import { isCodeMatch } from "@/lib/auth/codes/code-crypto";
import { codePurposes, type CodePurpose } from "@/lib/auth/codes/purposes";
import { consumeLimit, resetLimit } from "@/lib/auth/rate-limit";

const NIL_UUID = "00000000-0000-0000-0000-000000000000";

/**
 * Checks a code without using it up. Every attempt is paid for before the comparison, so a burst of
 * parallel guesses cannot all slip past a check that only counts them afterwards. Counters are keyed by
 * the email, known or not, so an unknown address answers exactly like a known one; "expired" is only
 * said to someone who typed the right code.
 */
export async function checkCode(input: {
  email: string;
  code: string;
  purpose: CodePurpose;
  meta: RequestMeta;
}): Promise<{ user: UserRecord; challenge: OtpChallengeRecord }> {
  const { limiters: limits, isEligible } = codePurposes[input.purpose];
  const emailKey = toEmailKey(input.email);
  const daily = await consumeLimit(limits.daily, emailKey);
  if (!daily.isAllowed) throw new AppError("otp_locked", { retryAfterSeconds: daily.retryAfter });
  const attempt = await consumeLimit(limits.attempts, emailKey);
  if (!attempt.isAllowed) throw new AppError("otp_exhausted");

  const user = await findUserByEmail(input.email);
  // Looked up for unknown and ineligible accounts too, so every answer costs the same queries; only a code
  // issued for the address named here counts, whatever happened to the account since.
  const liveChallenge = await findLiveOtpChallenge(user?.id ?? NIL_UUID, input.purpose, emailKey);
  const challenge = user && isEligible(user) ? liveChallenge : null;
  const { otpKey } = await getKeys();
  if (user && challenge && isCodeMatch(otpKey, challenge.id, input.code, challenge.codeHash)) {
    if (challenge.expiresAt.getTime() <= Date.now()) throw new AppError("otp_expired");
    return { user, challenge };
  }
  if (user) {
    // Bookkeeping an unknown email has no row for happens after the answer, so timing tells nothing.
    runInBackground(async () => {
      if (challenge) await recordOtpFailure(challenge.id);
      await recordAuditEvent("otp_failed", input.meta, { userId: user.id, detail: { purpose: input.purpose } });
    });
  }
  if (attempt.remaining === 0) throw new AppError("otp_exhausted");
  throw new AppError("otp_invalid");
}

/**
 * A fresh per-code budget for this kind of code (the daily one stays spent): after a code was used, and on
 * every request for a new code that the cooldown let through, whether or not a code goes out, so the budget
 * says nothing about whether the address has an account.
 */
export async function clearCodeAttempts(email: string, purpose: CodePurpose): Promise<void> {
  await resetLimit(codePurposes[purpose].limiters.attempts, toEmailKey(email));
}
