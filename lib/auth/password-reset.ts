import "server-only";
import { recordAuditEvent } from "@/lib/db/audit";
import type { RequestMeta } from "@/lib/request-meta";
import { consumeOtpChallenge } from "@/lib/db/otp-challenges";
import { withTransaction } from "@/lib/db/transaction";
import { replacePassword } from "@/lib/db/users";
import { AppError } from "@/lib/errors";
import { toEmailKey } from "@/lib/identifiers";
import type { PasswordResetConfirmInput, PasswordResetInput } from "@/lib/validation/auth";
import { checkCode, clearCodeAttempts, requestCode } from "@/lib/auth/codes";
import { clearSignInFailures } from "@/lib/auth/login-throttle";
import { hashPassword } from "@/lib/auth/password";
import { checkPasswordPolicy } from "@/lib/auth/password-policy";
import { assertIpWithinLimit } from "@/lib/auth/rate-limit";
import { sendSecurityEmail } from "@/lib/auth/security-emails";

export const RESET_REQUEST_DETAIL = "If this email belongs to an account, a code to reset its password is on its way.";

/** Mails a reset code to an active account; every email gets the same answer in the same time. */
export async function requestPasswordReset(input: PasswordResetInput, meta: RequestMeta): Promise<{ detail: string }> {
  await assertIpWithinLimit("resetIp", meta.ip);
  await requestCode({ email: input.email, purpose: "reset_password", meta });
  return { detail: RESET_REQUEST_DETAIL };
}

/**
 * Sets a new password with a reset code. The code is checked (and paid for) before the new password is
 * judged, and only a password that passes uses the code up; every session of the account ends with it.
 */
export async function confirmPasswordReset(input: PasswordResetConfirmInput, meta: RequestMeta): Promise<{ detail: string }> {
  await assertIpWithinLimit("verifyIp", meta.ip);
  const { user, challenge } = await checkCode({ email: input.email, code: input.otp, purpose: "reset_password", meta });
  const problems = checkPasswordPolicy(input.password, { email: user.email, userName: user.userName });
  if (problems.length > 0) throw new AppError("validation_error", { errors: { password: problems } });
  const passwordHash = await hashPassword(input.password);
  // The code, the password, the verified email (the code proved it), the end of every session and of the
  // account's sign-in failures (a stranger's guessing must not outlast the reset): one transaction, so
  // whoever knew the old password is out the moment the new one works.
  const isReset = await withTransaction(async (tx) => {
    if (!(await consumeOtpChallenge(challenge.id, tx))) return false;
    await replacePassword(user.id, { passwordHash, keepSessionId: null, reason: "password_reset", markVerified: true }, tx);
    await recordAuditEvent("password_reset", meta, { userId: user.id }, tx);
    await clearSignInFailures(toEmailKey(user.email), tx);
    return true;
  });
  if (!isReset) throw new AppError("otp_invalid");
  await clearCodeAttempts(user.email, "reset_password");
  sendSecurityEmail(user.id, { kind: "password_reset" }, meta);
  return { detail: "password reset" };
}
