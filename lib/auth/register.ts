import "server-only";
import { recordAuditEvent } from "@/lib/db/audit";
import type { RequestMeta } from "@/lib/request-meta";
import { createUser, findDuplicateFields } from "@/lib/db/users";
import { toEmailKey } from "@/lib/identifiers";
import { AppError, type FieldErrors } from "@/lib/errors";
import type { RegisterInput } from "@/lib/validation/auth";
import { issueCode } from "@/lib/auth/codes";
import { hashPassword } from "@/lib/auth/password";
import { checkPasswordPolicy } from "@/lib/auth/password-policy";
import { assertIpWithinLimit, consumeLimit } from "@/lib/auth/rate-limit";
import { startSession } from "@/lib/auth/session";
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

  const created = await createUser({ email: input.email, userName: input.user_name, passwordHash: await hashPassword(input.password) });
  if (!created.ok) throw new AppError("validation_error", { errors: duplicateErrors(created.duplicate) });
  const { user } = created;

  const session = await startSession(user, meta);
  // A brand-new account changes only if someone else deactivated it within this request.
  if (!session) throw new AppError("authentication_failed");
  await recordAuditEvent("user_registered", meta, { userId: user.id, sessionId: session.sessionId });
  // The first code starts the resend cooldown, as a resend would.
  await consumeLimit("otpResend", toEmailKey(user.email));
  await issueCode(user, meta);
  return {
    access: session.access,
    refresh: session.refresh,
    user: { id: user.id, email: user.email, user_name: user.userName, is_verified: user.isVerified },
  };
}
