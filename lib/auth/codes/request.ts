import "server-only";
import { runInBackground } from "@/lib/background";
import type { RequestMeta } from "@/lib/request-meta";
import { findUserByEmail, type UserRecord } from "@/lib/db/users";
import { toEmailKey } from "@/lib/identifiers";
import { AppError } from "@/lib/errors";
import { issueCode } from "@/lib/auth/codes/issue";
import { codePurposes, type CodePurpose } from "@/lib/auth/codes/purposes";
import { consumeLimit } from "@/lib/auth/rate-limit";

/**
 * Sends a new code of this kind at most once per cooldown per email, known or not. The code is issued
 * after the answer, so a known email takes no longer to answer than an unknown one.
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
  if (user && isEligible(user)) runInBackground(() => issueCode(user, input.meta, input.purpose));
}
