import "server-only";
import { recordAuditEvent } from "@/lib/db/audit";
import type { RequestMeta } from "@/lib/request-meta";
import { withTransaction } from "@/lib/db/transaction";
import { replacePassword } from "@/lib/db/users";
import { AppError } from "@/lib/errors";
import type { PasswordChangeInput } from "@/lib/validation/auth";
import { requireRecentSecondFactor } from "@/lib/auth/assurance";
import type { Principal } from "@/lib/auth/principal";
import { hashPassword } from "@/lib/auth/password";
import { checkPasswordPolicy } from "@/lib/auth/password-policy";
import { confirmCurrentPassword } from "@/lib/auth/reauthenticate";
import { sendSecurityEmail } from "@/lib/auth/security-emails";
import { forgetTrustedBrowsers } from "@/lib/auth/trusted-browsers";
import { endSessions } from "@/lib/auth/session";

/**
 * Changes the password of the signed-in user. The current password is required (a stolen session alone
 * is not enough) and guessing it is throttled like a login; an account with a second factor must have
 * proved it recently (step-up). Every other session ends, and every remembered browser is forgotten.
 */
export async function changePassword(principal: Principal, input: PasswordChangeInput, meta: RequestMeta): Promise<{ detail: string }> {
  const { user } = principal;
  await requireRecentSecondFactor(principal);
  await confirmCurrentPassword(principal, input.current_password, meta, "current_password");
  const problems = checkPasswordPolicy(input.password, { email: user.email, userName: user.userName });
  if (input.password === input.current_password) problems.push("Choose a password different from the current one.");
  if (problems.length > 0) throw new AppError("validation_error", { errors: { password: problems } });
  const passwordHash = await hashPassword(input.password);
  await withTransaction(async (tx) => {
    await replacePassword(user.id, { passwordHash }, tx);
    const ended = await endSessions({ allOf: user.id, except: principal.sessionId }, "password_changed", tx);
    await recordAuditEvent("password_changed", meta, { userId: user.id, sessionId: principal.sessionId, detail: { otherSessionsEnded: ended } }, tx);
    await forgetTrustedBrowsers(user.id, "password_changed", meta, { sessionId: principal.sessionId, tx });
  });
  sendSecurityEmail(user.id, { kind: "password_changed" }, meta);
  return { detail: "password changed" };
}
