import "server-only";
import { findLiveOtpChallenge } from "@/lib/db/otp-challenges";
import { toEmailKey } from "@/lib/identifiers";
import { getEnv } from "@/lib/env";
import { codePurposes, type CodePurpose } from "@/lib/auth/codes/purposes";
import { peekLimit } from "@/lib/auth/rate-limit";

/**
 * What the verify page needs to draw its timers. Durations are relative (seconds from now) so the
 * browser's clock, which may be off, never matters.
 */
export interface CodeStatus {
  /** Seconds until the live code expires; null when there is no live code. */
  expiresInSeconds: number | null;
  /** Seconds until a new code may be requested (0: now). */
  resendInSeconds: number;
  /** Lifetime of a freshly sent code. */
  lifetimeSeconds: number;
  /** Wait imposed after each send. */
  cooldownSeconds: number;
  /** The live code took too many wrong tries: only a new code can help. */
  isCodeSpent: boolean;
  /** Seconds until the account may try codes again after its daily budget ran out (0: not locked). */
  lockedForSeconds: number;
}

/** For a signed-out visitor (user null) only the policy is known: they name the address themselves. */
export async function getCodeStatus(user: { id: string; email: string } | null, purpose: CodePurpose = "verify_email"): Promise<CodeStatus> {
  const env = getEnv();
  if (!user) {
    const policy = { lifetimeSeconds: env.OTP_LIFETIME, cooldownSeconds: env.OTP_RESEND_COOLDOWN };
    return { expiresInSeconds: null, resendInSeconds: 0, ...policy, isCodeSpent: false, lockedForSeconds: 0 };
  }
  const emailKey = toEmailKey(user.email);
  const { limiters } = codePurposes[purpose];
  const [challenge, resend, attempts, daily] = await Promise.all([
    findLiveOtpChallenge(user.id, purpose, emailKey),
    peekLimit(limiters.cooldown, emailKey),
    peekLimit(limiters.attempts, emailKey),
    peekLimit(limiters.daily, emailKey),
  ]);
  // Rounded up: the page must never call a code expired while the server would still take it.
  const expiresInSeconds = challenge ? Math.max(0, Math.ceil((challenge.expiresAt.getTime() - Date.now()) / 1000)) : null;
  return {
    expiresInSeconds,
    resendInSeconds: resend.isAllowed ? 0 : resend.retryAfter,
    lifetimeSeconds: env.OTP_LIFETIME,
    cooldownSeconds: env.OTP_RESEND_COOLDOWN,
    isCodeSpent: !attempts.isAllowed,
    lockedForSeconds: daily.isAllowed ? 0 : daily.retryAfter,
  };
}
