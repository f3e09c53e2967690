import "server-only";
import { randomUUID } from "node:crypto";
import { recordAuditEvent } from "@/lib/db/audit";
import type { RequestMeta } from "@/lib/request-meta";
import { replaceOtpChallenge } from "@/lib/db/otp-challenges";
import { toEmailKey } from "@/lib/identifiers";
import { runInBackground } from "@/lib/background";
import { sendEmail } from "@/lib/email/send-email";
import { getEnv } from "@/lib/env";
import { getKeys } from "@/lib/auth/keys";
import { generateCode, hashCode } from "@/lib/auth/codes/code-crypto";
import { codePurposes, type CodePurpose } from "@/lib/auth/codes/purposes";
import { resetLimit } from "@/lib/auth/rate-limit";

/**
 * Issues a new code (killing the old one) with a fresh per-code budget, and mails it after the response. A
 * failing provider is logged and audited; the account stays usable and the code can be resent.
 */
export async function issueCode(
  user: { id: string; email: string; userName: string },
  meta: RequestMeta,
  purpose: CodePurpose = "verify_email",
  /** Where the code goes when not to the account's address (an email change); kept with the challenge. */
  target: string | null = null,
): Promise<void> {
  await replaceCode(user, meta, purpose, target);
  await resetLimit(codePurposes[purpose].limiters.attempts, toEmailKey(user.email));
}

/**
 * Issues a new code (killing the old one) bound to the account's present address, and mails it after the
 * response; the per-code budget is left to the caller. A request that may send no code (an unknown address,
 * an address already taken) renews the budget itself before answering, for every address alike, so this
 * one must not renew it for known addresses only, a moment later.
 */
export async function replaceCode(
  user: { id: string; email: string; userName: string },
  meta: RequestMeta,
  purpose: CodePurpose,
  target: string | null = null,
): Promise<void> {
  const env = getEnv();
  const { otpKey } = await getKeys();
  const challengeId = randomUUID();
  const code = generateCode();
  await replaceOtpChallenge({
    id: challengeId,
    userId: user.id,
    purpose,
    emailKey: toEmailKey(user.email),
    codeHash: hashCode(otpKey, challengeId, code),
    expiresAt: new Date(Date.now() + env.OTP_LIFETIME * 1000),
    target,
  });
  const { template } = codePurposes[purpose];
  runInBackground(async () => {
    const result = await sendEmail(template(target ?? user.email, user.userName, code, env.OTP_LIFETIME));
    if (result.ok) {
      // The purpose lets the account's security events say which kind of code went out.
      await recordAuditEvent("otp_sent", meta, { userId: user.id, detail: { purpose } });
    } else {
      console.error(`[email] could not send the ${purpose} code to user ${user.id}: ${result.reason}`);
      await recordAuditEvent("email_failed", meta, { userId: user.id, detail: { purpose, reason: result.reason.slice(0, 200) } });
    }
  });
}
