import "server-only";
import { lockUsers, recordAdminEvent, updateUserFlags } from "@/lib/db/admin-users";
import { deleteSetupLinks } from "@/lib/db/setup-links";
import { withTransaction, type Tx } from "@/lib/db/transaction";
import { createUser, findDuplicateFields, grantSuperuser, isUniqueViolation, type UserRecord } from "@/lib/db/users";
import { toEmailKey } from "@/lib/identifiers";
import { AppError, type FieldErrors } from "@/lib/errors";
import type { RequestMeta } from "@/lib/request-meta";
import { registerSchema, toFieldErrors } from "@/lib/validation/auth";
import { admitLoginAttempt, recordLoginSuccess, type KnownClient } from "@/lib/auth/login-throttle";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { checkPasswordPolicy } from "@/lib/auth/password-policy";
import { endSessions } from "@/lib/auth/session";

/** Audit rows written by `npm run create-admin` name the command instead of a request. */
const CLI_META: RequestMeta = { ip: null, userAgent: "npm run create-admin" };

const takenMessages = { email: "An account with this email already exists.", user_name: "This user name is taken." } as const;

/**
 * The fields of a new superuser checked by the register form's rules (email, user name, password shape and
 * policy, nothing taken); every problem is reported at once as field errors.
 */
export async function checkNewSuperuser(input: { email: string; userName: string; password: string }): Promise<{ email: string; userName: string; password: string }> {
  const parsed = registerSchema.safeParse({ email: input.email, user_name: input.userName, password: input.password, password2: input.password });
  if (!parsed.success) throw new AppError("validation_error", { errors: toFieldErrors(parsed.error) });
  const { email, user_name: userName, password } = parsed.data;
  const errors: FieldErrors = {};
  for (const field of await findDuplicateFields(email, userName)) errors[field] = [takenMessages[field]];
  const problems = checkPasswordPolicy(password, { email, userName });
  if (problems.length > 0) errors.password = problems;
  if (Object.keys(errors).length > 0) throw new AppError("validation_error", { errors });
  return { email, userName, password };
}

/**
 * Writes a verified staff superuser with its audit row inside `tx`; the fields were checked by checkNewSuperuser.
 * Every first-admin setup link goes with it: once a staff account exists none may be used.
 */
export async function insertSuperuser(
  fields: { email: string; userName: string; passwordHash: string },
  audit: { event: "superuser_created_by_cli" | "superuser_created_by_setup_link"; meta: RequestMeta },
  tx: Tx,
): Promise<UserRecord> {
  const user = await createUser(fields, tx);
  await updateUserFlags(user.id, { isVerified: true, isStaff: true, isSuperuser: true }, tx);
  await recordAdminEvent(audit.event, audit.meta, { userId: user.id, actorId: null }, tx);
  await deleteSetupLinks(tx);
  return { ...user, isVerified: true, isStaff: true, isSuperuser: true };
}

/** A racing twin took the email or user name between the check and the insert. */
export function explainSuperuserRace(error: unknown): never {
  if (isUniqueViolation(error)) throw new AppError("validation_error", { errors: { email: ["Someone registered this email or user name just now. Try again."] } });
  throw error;
}

/**
 * Creates a verified staff superuser. The register form's rules apply (email, user name, password shape and
 * policy); every problem is reported at once as field errors.
 */
export async function createSuperuser(input: { email: string; userName: string; password: string }): Promise<UserRecord> {
  const { email, userName, password } = await checkNewSuperuser(input);
  const passwordHash = await hashPassword(password);
  return withTransaction((tx) => insertSuperuser({ email, userName, passwordHash }, { event: "superuser_created_by_cli", meta: CLI_META }, tx)).catch(explainSuperuserRace);
}

/** The command line counts as one client of its own: strangers failing at the sign-in cannot hold it up. */
const CLI_CLIENT: KnownClient = { kind: "device", id: "npm run create-admin" };

export type PromotionOutcome =
  | { outcome: "promoted"; sessionsEnded: number }
  | { outcome: "already_superuser" }
  | { outcome: "not_verified" }
  | { outcome: "wrong_password" }
  | { outcome: "changed_meanwhile" };

/**
 * Makes an existing account a staff superuser, only once it is proven to be the operator's: anyone can
 * register an address, so an unverified account is refused, and the account's current password must be
 * given (`askPassword`, asked only when it comes to that; checked under the sign-in throttle). Every
 * session the account had ends in the transaction that promotes it, so one a stranger opened before
 * never becomes a superuser's.
 */
export async function promoteToSuperuser(user: UserRecord, askPassword: () => Promise<string>): Promise<PromotionOutcome> {
  if (user.isStaff && user.isSuperuser) return { outcome: "already_superuser" };
  if (!user.isVerified) return { outcome: "not_verified" };
  const password = await askPassword();
  const emailKey = toEmailKey(user.email);
  await admitLoginAttempt(emailKey, null, CLI_CLIENT);
  if (!(await verifyPassword(user.passwordHash, password))) return { outcome: "wrong_password" };
  await recordLoginSuccess(emailKey, CLI_CLIENT);
  return withTransaction(async (tx): Promise<PromotionOutcome> => {
    // The account as it is now, locked: a password or address changed since the check is not what was proven.
    const current = (await lockUsers([user.id], tx)).get(user.id);
    if (!current || current.credentialsVersion !== user.credentialsVersion || !current.isVerified) return { outcome: "changed_meanwhile" };
    await grantSuperuser(user.id, tx);
    const sessionsEnded = await endSessions({ allOf: user.id }, "superuser_granted_by_cli", tx);
    await recordAdminEvent("superuser_granted_by_cli", CLI_META, { userId: user.id, actorId: null, detail: { sessionsEnded } }, tx);
    return { outcome: "promoted", sessionsEnded };
  });
}
