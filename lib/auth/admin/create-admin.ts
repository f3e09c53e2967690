import "server-only";
import { recordAdminEvent, updateUserFlags } from "@/lib/db/admin-users";
import { withTransaction } from "@/lib/db/transaction";
import { createUser, findDuplicateFields, isUniqueViolation, type UserRecord } from "@/lib/db/users";
import { AppError, type FieldErrors } from "@/lib/errors";
import type { RequestMeta } from "@/lib/request-meta";
import { registerSchema, toFieldErrors } from "@/lib/validation/auth";
import { hashPassword } from "@/lib/auth/password";
import { checkPasswordPolicy } from "@/lib/auth/password-policy";

/** Audit rows written by `npm run create-admin` name the command instead of a request. */
const CLI_META: RequestMeta = { ip: null, userAgent: "npm run create-admin" };

const takenMessages = { email: "An account with this email already exists.", user_name: "This user name is taken." } as const;

/**
 * Creates a verified staff superuser. The register form's rules apply (email, user name, password shape and
 * policy); every problem is reported at once as field errors.
 */
export async function createSuperuser(input: { email: string; userName: string; password: string }): Promise<UserRecord> {
  const parsed = registerSchema.safeParse({ email: input.email, user_name: input.userName, password: input.password, password2: input.password });
  if (!parsed.success) throw new AppError("validation_error", { errors: toFieldErrors(parsed.error) });
  const { email, user_name: userName, password } = parsed.data;
  const errors: FieldErrors = {};
  for (const field of await findDuplicateFields(email, userName)) errors[field] = [takenMessages[field]];
  const problems = checkPasswordPolicy(password, { email, userName });
  if (problems.length > 0) errors.password = problems;
  if (Object.keys(errors).length > 0) throw new AppError("validation_error", { errors });
  const passwordHash = await hashPassword(password);
  return withTransaction(async (tx) => {
    const user = await createUser({ email, userName, passwordHash }, tx);
    await updateUserFlags(user.id, { isVerified: true, isStaff: true, isSuperuser: true }, tx);
    await recordAdminEvent("superuser_created_by_cli", CLI_META, { userId: user.id, actorId: null }, tx);
    return { ...user, isVerified: true, isStaff: true, isSuperuser: true };
  }).catch((error: unknown) => {
    if (isUniqueViolation(error)) throw new AppError("validation_error", { errors: { email: ["Someone registered this email or user name just now. Try again."] } });
    throw error;
  });
}

/** Makes an existing account a staff superuser; false when it already was one. Verification is left as it is. */
export async function promoteToSuperuser(user: UserRecord): Promise<boolean> {
  if (user.isStaff && user.isSuperuser) return false;
  await withTransaction(async (tx) => {
    await updateUserFlags(user.id, { isStaff: true, isSuperuser: true }, tx);
    await recordAdminEvent("superuser_granted_by_cli", CLI_META, { userId: user.id, actorId: null }, tx);
  });
  return true;
}
