import "server-only";
import { recordAuditEvent } from "@/lib/db/audit";
import type { RequestMeta } from "@/lib/request-meta";
import { withTransaction } from "@/lib/db/transaction";
import { createUser, findDuplicateFields, isUniqueViolation } from "@/lib/db/users";
import { toEmailKey } from "@/lib/identifiers";
import { AppError, type FieldErrors } from "@/lib/errors";
import type { RegisterInput } from "@/lib/validation/auth";
import { issueCode } from "@/lib/auth/codes";
import { hashPassword } from "@/lib/auth/password";
import { checkPasswordPolicy } from "@/lib/auth/password-policy";
import { assertIpWithinLimit, consumeLimit } from "@/lib/auth/rate-limit";
import { rememberSignInDevice } from "@/lib/auth/security-emails";
import { openSession, signSession } from "@/lib/auth/session";
import type { TokenPair } from "@/lib/auth/tokens";

export interface RegisterResult extends TokenPair {
  user: { id: string; email: string; user_name: string; is_verified: boolean };
}

const duplicateMessages = {
  email: "A user with that email already exists.",
  user_name: "A user with that user name already exists.",
} as const;

function duplicateErrors(fields: ("email" | "user_name")[]): FieldErrors {
  return Object.fromEntries(fields.map((field) => [field, [duplicateMessages[field]]]));
}

export async function registerUser(input: RegisterInput, meta: RequestMeta): Promise<RegisterResult> {
  await assertIpWithinLimit("registerIp", meta.ip);
  const problems = checkPasswordPolicy(input.password, { email: input.email, userName: input.user_name });
  const duplicates = await findDuplicateFields(input.email, input.user_name);
  if (problems.length > 0 || duplicates.length > 0) {
    const errors = duplicateErrors(duplicates);
    if (problems.length > 0) errors.password = problems;
    throw new AppError("validation_error", { errors });
  }

  const passwordHash = await hashPassword(input.password);
  // The account, its first session and its audit row: one transaction, so a failure leaves no account
  // that nobody can sign up for again. The code is issued once it exists, as a resend would.
  const created = await withTransaction(async (tx) => {
    const user = await createUser({ email: input.email, userName: input.user_name, passwordHash }, tx);
    const session = await openSession(user, meta, { tx });
    if (session) await recordAuditEvent("user_registered", meta, { userId: user.id, sessionId: session.sessionId }, tx);
    // The device it registered on is known: signing in there later is no news.
    await rememberSignInDevice(user.id, meta, tx);
    return { user, session };
  }).catch(async (error: unknown) => {
    // A concurrent twin won the unique index between our check and the insert.
    if (!isUniqueViolation(error)) throw error;
    throw new AppError("validation_error", { errors: duplicateErrors(await findDuplicateFields(input.email, input.user_name)) });
  });
  const { user } = created;
  // A brand-new account changes only if someone else deactivated it within this request.
  if (!created.session) throw new AppError("authentication_failed");
  const session = await signSession(created.session);
  // The first code starts the resend cooldown, as a resend would.
  await consumeLimit("otpResend", toEmailKey(user.email));
  await issueCode(user, meta);
  return {
    access: session.access,
    refresh: session.refresh,
    user: { id: user.id, email: user.email, user_name: user.userName, is_verified: user.isVerified },
  };
}
