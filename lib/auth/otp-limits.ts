import type { OtpPurpose } from "@/lib/db/otp-challenges";
import type { LimiterName } from "@/lib/auth/rate-limit";

/** Each kind of code has its own budgets: wrong tries per code, per account per day, and a send cooldown. */
export const otpLimiters: Record<OtpPurpose, { attempts: LimiterName; daily: LimiterName; cooldown: LimiterName }> = {
  verify_email: { attempts: "otpAttempts", daily: "otpDaily", cooldown: "otpResend" },
  reset_password: { attempts: "resetAttempts", daily: "resetDaily", cooldown: "resetCooldown" },
};
