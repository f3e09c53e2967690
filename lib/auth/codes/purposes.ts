import "server-only";
import type { OtpPurpose } from "@/lib/db/otp-challenges";
import type { UserRecord } from "@/lib/db/users";
import type { EmailMessage } from "@/lib/email/send-email";
import { emailChangeCodeEmail, otpEmail, passwordResetEmail } from "@/lib/email/templates";
import type { LimiterName } from "@/lib/auth/rate-limit";

/** What a code is for. A new kind is one row below, its limiters in rate-limit.ts and a template. */
export type CodePurpose = OtpPurpose;

export interface CodePurposeSpec {
  /** Its own budgets: wrong tries per code, per account per day, and a send cooldown. */
  limiters: { attempts: LimiterName; daily: LimiterName; cooldown: LimiterName };
  /** Who may be sent, and may redeem, this kind of code; everyone else gets the same answers. */
  isEligible: (user: UserRecord) => boolean;
  template: (to: string, userName: string, code: string, lifetimeSeconds: number) => EmailMessage;
}

export const codePurposes: Record<CodePurpose, CodePurposeSpec> = {
  verify_email: {
    limiters: { attempts: "otpAttempts", daily: "otpDaily", cooldown: "otpResend" },
    isEligible: (user) => user.isActive && !user.isVerified,
    template: otpEmail,
  },
  reset_password: {
    limiters: { attempts: "resetAttempts", daily: "resetDaily", cooldown: "resetCooldown" },
    isEligible: (user) => user.isActive,
    template: passwordResetEmail,
  },
  /** Sent to the new address of an email change (or of a typo corrected before verification). */
  change_email: {
    limiters: { attempts: "changeEmailAttempts", daily: "changeEmailDaily", cooldown: "changeEmailCooldown" },
    isEligible: (user) => user.isActive,
    template: emailChangeCodeEmail,
  },
};
