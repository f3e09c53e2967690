import "server-only";
import { runInBackground } from "@/lib/background";
import type { RequestMeta } from "@/lib/request-meta";
import { cancelOtpChallenges } from "@/lib/db/otp-challenges";
import { findUserByEmail } from "@/lib/db/users";
import { toEmailKey } from "@/lib/identifiers";
import { AppError } from "@/lib/errors";
import { clearCodeAttempts } from "@/lib/auth/codes/check";
import { replaceCode } from "@/lib/auth/codes/issue";
import { codePurposes, type CodePurpose } from "@/lib/auth/codes/purposes";
import { consumeLimit } from "@/lib/auth/rate-limit";

/**
 * Sends a new code of this kind at most once per cooldown per email, known or not. Every request the
 * cooldown lets through renews the per-code budget before the answer, known or not (the daily budget stays
 * spent); the code is issued after it, so a known email takes no longer to answer than an unknown one. A
 * known account the code cannot serve loses its earlier code all the same.
 */
export async function requestCode(input: {
  email: string;
  purpose: CodePurpose;
  meta: RequestMeta;
}): Promise<void> {
  const { limiters, isEligible } = codePurposes[input.purpose];
  const cooldown = await consumeLimit(limiters.cooldown, toEmailKey(input.email));
  if (!cooldown.isAllowed) throw new AppError("otp_cooldown", { retryAfterSeconds: cooldown.retryAfter });
  const user = await findUserByEmail(input.email);
  await clearCodeAttempts(input.email, input.purpose);
  if (!user) return;
  if (isEligible(user)) runInBackground(() => replaceCode(user, input.meta, input.purpose));
  else runInBackground(() => cancelOtpChallenges(user.id, input.purpose));
}
