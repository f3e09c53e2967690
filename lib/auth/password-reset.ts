import "server-only";
import { recordAuditEvent } from "@/lib/db/audit";
import type { RequestMeta } from "@/lib/request-meta";
import { consumeOtpChallenge } from "@/lib/db/otp-challenges";
import { withTransaction } from "@/lib/db/transaction";
import { replacePassword } from "@/lib/db/users";
import { AppError, isAppError, mergeFieldErrors, type ErrorCode, type FieldErrors } from "@/lib/errors";
import { toEmailKey } from "@/lib/identifiers";
import { emailSchema, PASSWORD_MAX_LENGTH, type PasswordResetConfirmInput, type PasswordResetInput } from "@/lib/validation/auth";
import { checkCode, clearCodeAttempts, requestCode } from "@/lib/auth/codes";
import { clearSignInFailures } from "@/lib/auth/login-throttle";
import { hashPassword } from "@/lib/auth/password";
import { checkPasswordPolicy } from "@/lib/auth/password-policy";
import { assertIpWithinLimit } from "@/lib/auth/rate-limit";
import { sendSecurityEmail } from "@/lib/auth/security-emails";
import { endSessions } from "@/lib/auth/session";
import { forgetTrustedBrowsers } from "@/lib/auth/trusted-browsers";

export const RESET_REQUEST_DETAIL = "If this email belongs to an account, a code to reset its password is on its way.";

/** Mails a reset code to an active account; every email gets the same answer in the same time. */
export async function requestPasswordReset(input: PasswordResetInput, meta: RequestMeta): Promise<{ detail: string }> {
  await assertIpWithinLimit("resetIp", meta.ip);
  await requestCode({ email: input.email, purpose: "reset_password", meta });
  return { detail: RESET_REQUEST_DETAIL };
}

/**
 * The password rules that need no account (common, numeric only, like the typed email): judging them tells
 * nothing about who holds the address, so they are said beside a wrong code. Likeness to the account's
 * user name is judged only once the code is right: before, it would reveal the user name.
 */
function checkPasswordWithoutAccount(password: string, email: string): string[] {
  return password ? checkPasswordPolicy(password, { email, userName: "" }) : [];
}

/** For a reset the schema refused: its shape errors and the password rules that need no account. */
export async function explainRefusedReset(body: Record<string, unknown>, errors: FieldErrors): Promise<FieldErrors> {
  const email = emailSchema.safeParse(body.email);
  const password = typeof body.password === "string" && body.password.length <= PASSWORD_MAX_LENGTH ? body.password : "";
  const problems = checkPasswordWithoutAccount(password, email.data ?? "");
  return mergeFieldErrors(errors, problems.length > 0 ? { password: problems } : {});
}

/** A refused code (400) with the password's own problems beside it, so one answer lists both. */
function withPasswordProblems(error: unknown, input: PasswordResetConfirmInput): unknown {
  if (!isAppError(error) || !codeRefusals.has(error.code)) return error;
  const problems = checkPasswordWithoutAccount(input.password, input.email);
  if (problems.length === 0) return error;
  return new AppError(error.code, { errors: { otp: [error.message], password: problems } });
}

const codeRefusals = new Set<ErrorCode>(["otp_invalid", "otp_expired", "otp_exhausted"]);

/**
 * Sets a new password with a reset code. The code is checked (and paid for) before the new password is
 * judged, and only a password that passes uses the code up; every session of the account ends with it.
 */
export async function confirmPasswordReset(input: PasswordResetConfirmInput, meta: RequestMeta): Promise<{ detail: string }> {
  await assertIpWithinLimit("verifyIp", meta.ip);
  const { user, challenge } = await checkCode({ email: input.email, code: input.otp, purpose: "reset_password", meta }).catch((error: unknown) => {
    throw withPasswordProblems(error, input);
  });
  const problems = checkPasswordPolicy(input.password, { email: user.email, userName: user.userName });
  if (problems.length > 0) throw new AppError("validation_error", { errors: { password: problems } });
  const passwordHash = await hashPassword(input.password);
  // The code, the password, the verified email (the code proved it), the end of every session and of the
  // account's sign-in failures (a stranger's guessing must not outlast the reset): one transaction, so
  // whoever knew the old password is out the moment the new one works.
  const isReset = await withTransaction(async (tx) => {
    if (!(await consumeOtpChallenge(challenge.id, tx))) return false;
    await replacePassword(user.id, { passwordHash, markVerified: true }, tx);
    await endSessions({ allOf: user.id }, "password_reset", tx);
    await recordAuditEvent("password_reset", meta, { userId: user.id }, tx);
    // A reset keeps the second factor but forgets every remembered browser: each asks for it again.
    await forgetTrustedBrowsers(user.id, "password_reset", meta, { sessionId: null, tx });
    await clearSignInFailures(toEmailKey(user.email), tx);
    return true;
  });
  if (!isReset) throw new AppError("otp_invalid");
  await clearCodeAttempts(user.email, "reset_password");
  sendSecurityEmail(user.id, { kind: "password_reset" }, meta);
  return { detail: "password reset" };
}
