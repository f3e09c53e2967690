import "server-only";
import { recordAuditEvent } from "@/lib/db/audit";
import type { RequestMeta } from "@/lib/request-meta";
import { withTransaction } from "@/lib/db/transaction";
import { replacePassword } from "@/lib/db/users";
import { toEmailKey } from "@/lib/identifiers";
import { AppError } from "@/lib/errors";
import type { PasswordChangeInput } from "@/lib/validation/auth";
import type { Principal } from "@/lib/auth/principal";
import { admitLoginAttempt, recordLoginSuccess } from "@/lib/auth/login-throttle";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { checkPasswordPolicy } from "@/lib/auth/password-policy";

/**
 * Changes the password of the signed-in user. The current password is required (a stolen session alone
 * is not enough) and guessing it is throttled like a login; every other session ends.
 */
export async function changePassword(principal: Principal, input: PasswordChangeInput, meta: RequestMeta): Promise<{ detail: string }> {
  const { user } = principal;
  const emailKey = toEmailKey(user.email);
  await admitLoginAttempt(emailKey, meta.ip);
  if (!(await verifyPassword(user.passwordHash, input.current_password))) {
    throw new AppError("validation_error", { errors: { current_password: ["This is not your current password."] } });
  }
  await recordLoginSuccess(emailKey);
  const problems = checkPasswordPolicy(input.password, { email: user.email, userName: user.userName });
  if (input.password === input.current_password) problems.push("Choose a password different from the current one.");
  if (problems.length > 0) throw new AppError("validation_error", { errors: { password: problems } });
  const passwordHash = await hashPassword(input.password);
  await withTransaction(async (tx) => {
    const ended = await replacePassword(user.id, { passwordHash, keepSessionId: principal.sessionId, reason: "password_changed" }, tx);
    await recordAuditEvent("password_changed", meta, { userId: user.id, sessionId: principal.sessionId, detail: { otherSessionsEnded: ended } }, tx);
  });
  return { detail: "password changed" };
}
