import "server-only";
import { recordAuditEvent, type RequestMeta } from "@/lib/db/audit";
import { consumeOtpChallenge, findLiveOtpChallenge, recordOtpFailure } from "@/lib/db/otp-challenges";
import { findSessionState } from "@/lib/db/sessions";
import { findUserByEmail, toEmailKey } from "@/lib/db/users";
import { AppError } from "@/lib/http/errors";
import type { ResendInput, VerifyInput } from "@/lib/validation/auth";
import { runInBackground } from "@/lib/background";
import { getKeys } from "./keys";
import { isOtpMatch } from "./otp";
import { issueOtp } from "./otp-delivery";
import { consumeLimit, resetLimit } from "./rate-limit";
import { issuePairInSession } from "./session";
import type { TokenPair } from "./tokens";

const NIL_UUID = "00000000-0000-0000-0000-000000000000";

export interface Caller {
  userId: string;
  sessionId: string;
}

export type VerifyResult = { detail: "verified" } & Partial<TokenPair>;

const retryHeaders = (seconds: number): Record<string, string> => ({ "Retry-After": String(seconds) });

/**
 * Counters are keyed by the email, known or not, so an unknown address answers exactly like a known
 * one; "expired" is only said to someone who typed the right code.
 */
async function assertIpAllowed(name: "verifyIp" | "resendIp", ip: string | null): Promise<void> {
  if (!ip) return;
  const perIp = await consumeLimit(name, ip);
  if (!perIp.isAllowed) throw new AppError("rate_limited", { headers: retryHeaders(perIp.retryAfter) });
}

export async function verifyEmail(input: VerifyInput, meta: RequestMeta, caller: Caller | null): Promise<VerifyResult> {
  await assertIpAllowed("verifyIp", meta.ip);
  const emailKey = toEmailKey(input.email);
  // Every attempt is paid for before the code is compared: a burst of parallel guesses cannot all
  // slip past a check that only counts them afterwards.
  const daily = await consumeLimit("otpDaily", emailKey);
  if (!daily.isAllowed) throw new AppError("otp_locked", { headers: retryHeaders(daily.retryAfter) });
  const attempt = await consumeLimit("otpAttempts", emailKey);
  if (!attempt.isAllowed) throw new AppError("otp_exhausted");

  const user = await findUserByEmail(input.email);
  // Looked up for unknown and verified accounts too, so every answer costs the same queries.
  const liveChallenge = await findLiveOtpChallenge(user?.id ?? NIL_UUID);
  const challenge = user && user.isActive && !user.isVerified ? liveChallenge : null;
  const { otpKey } = await getKeys();
  const isMatch = challenge !== null && isOtpMatch(otpKey, challenge.id, input.otp, challenge.codeHash);

  if (user && challenge && isMatch) {
    if (challenge.expiresAt.getTime() <= Date.now()) throw new AppError("otp_expired");
    if (!(await consumeOtpChallenge(challenge.id, user.id))) throw new AppError("otp_invalid");
    await resetLimit("otpAttempts", emailKey);
    await recordAuditEvent("email_verified", meta, { userId: user.id });
    if (caller?.userId !== user.id) return { detail: "verified" };
    const session = await findSessionState(caller.sessionId);
    if (!session || session.revokedAt || session.userId !== user.id) return { detail: "verified" };
    return { detail: "verified", ...(await issuePairInSession(caller.sessionId, session.expiresAt, { id: user.id, isVerified: true })) };
  }

  if (user) {
    // Bookkeeping an unknown email has no row for happens after the answer, so timing tells nothing.
    runInBackground(async () => {
      if (challenge) await recordOtpFailure(challenge.id);
      await recordAuditEvent("otp_failed", meta, { userId: user.id });
    });
  }
  if (attempt.remaining === 0) throw new AppError("otp_exhausted");
  throw new AppError("otp_invalid");
}

export const RESEND_DETAIL = "If this email belongs to an account that is not yet verified, a new code is on its way.";

/** Sends a fresh code (the old one dies) at most once per cooldown, with one answer for every email. */
export async function resendOtp(input: ResendInput, meta: RequestMeta): Promise<{ detail: string }> {
  await assertIpAllowed("resendIp", meta.ip);
  const emailKey = toEmailKey(input.email);
  const cooldown = await consumeLimit("otpResend", emailKey);
  if (!cooldown.isAllowed) throw new AppError("otp_cooldown", { headers: retryHeaders(cooldown.retryAfter) });
  const user = await findUserByEmail(input.email);
  await resetLimit("otpAttempts", emailKey);
  if (user && user.isActive && !user.isVerified) {
    // Issued after the answer: a known email must not take longer to answer than an unknown one.
    runInBackground(() => issueOtp(user, meta));
  }
  return { detail: RESEND_DETAIL };
}
