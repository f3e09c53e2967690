import "server-only";
import { findLiveOtpChallenge } from "@/lib/db/otp-challenges";
import { toEmailKey } from "@/lib/db/users";
import { getEnv } from "@/lib/env";
import { peekLimit } from "./rate-limit";

/**
 * What the verify page needs to draw its timers. Durations are relative (seconds from now) so the
 * browser's clock, which may be off, never matters.
 */
export interface OtpStatus {
  /** Seconds until the live code expires; null when there is no live code. */
  expiresInSeconds: number | null;
  /** Seconds until a new code may be requested (0: now). */
  resendInSeconds: number;
  /** Lifetime of a freshly sent code. */
  lifetimeSeconds: number;
  /** Wait imposed after each send. */
  cooldownSeconds: number;
}

/** For a signed-out visitor (user null) only the policy is known: they name the address themselves. */
export async function getOtpStatus(user: { id: string; email: string } | null): Promise<OtpStatus> {
  const env = getEnv();
  if (!user) {
    return { expiresInSeconds: null, resendInSeconds: 0, lifetimeSeconds: env.OTP_LIFETIME, cooldownSeconds: env.OTP_RESEND_COOLDOWN };
  }
  const [challenge, resend] = await Promise.all([findLiveOtpChallenge(user.id), peekLimit("otpResend", toEmailKey(user.email))]);
  const expiresInSeconds = challenge ? Math.max(0, Math.floor((challenge.expiresAt.getTime() - Date.now()) / 1000)) : null;
  return {
    expiresInSeconds,
    resendInSeconds: resend.isAllowed ? 0 : resend.retryAfter,
    lifetimeSeconds: env.OTP_LIFETIME,
    cooldownSeconds: env.OTP_RESEND_COOLDOWN,
  };
}
