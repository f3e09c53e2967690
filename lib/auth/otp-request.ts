import "server-only";
import { runInBackground } from "@/lib/background";
import type { RequestMeta } from "@/lib/request-meta";
import type { OtpPurpose } from "@/lib/db/otp-challenges";
import { findUserByEmail, type UserRecord } from "@/lib/db/users";
import { toEmailKey } from "@/lib/identifiers";
import { AppError } from "@/lib/errors";
import { issueOtp } from "@/lib/auth/otp-delivery";
import { otpLimiters } from "@/lib/auth/otp-limits";
import { consumeLimit } from "@/lib/auth/rate-limit";

/**
 * Sends a new code of this kind at most once per cooldown per email, known or not. The code is issued
 * after the answer, so a known email takes no longer to answer than an unknown one.
 */
export async function requestOtp(input: {
  email: string;
  purpose: OtpPurpose;
  isEligible: (user: UserRecord) => boolean;
  meta: RequestMeta;
}): Promise<void> {
  const cooldown = await consumeLimit(otpLimiters[input.purpose].cooldown, toEmailKey(input.email));
  if (!cooldown.isAllowed) throw new AppError("otp_cooldown", { retryAfterSeconds: cooldown.retryAfter });
  const user = await findUserByEmail(input.email);
  if (user && input.isEligible(user)) runInBackground(() => issueOtp(user, input.meta, input.purpose));
}
