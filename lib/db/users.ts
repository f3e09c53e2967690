import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { getPrisma } from "@/lib/db/client";
import { cancelAllOtpChallenges } from "@/lib/db/otp-challenges";
import { inTransaction, useDb, type Tx } from "@/lib/db/transaction";
import { normalizeEmail, toEmailKey, toUserNameKey } from "@/lib/identifiers";

export interface UserRecord {
  id: string;
  email: string;
  userName: string;
  passwordHash: string;
  isActive: boolean;
  isVerified: boolean;
  isStaff: boolean;
  isSuperuser: boolean;
  dateJoined: Date;
  lastLogin: Date | null;
  credentialsVersion: number;
}

export const userSelect = {
  id: true,
  email: true,
  userName: true,
  passwordHash: true,
  isActive: true,
  isVerified: true,
  isStaff: true,
  isSuperuser: true,
  dateJoined: true,
  lastLogin: true,
  credentialsVersion: true,
} as const;

export async function findUserByEmail(email: string): Promise<UserRecord | null> {
  const prisma = await getPrisma();
  return prisma.user.findUnique({ where: { emailKey: toEmailKey(email) }, select: userSelect });
}

/** Inserts a user; a unique violation (also from a concurrent twin) throws: see `isUniqueViolation`. */
export async function createUser(input: { email: string; userName: string; passwordHash: string }, tx?: Tx): Promise<UserRecord> {
  const db = await useDb(tx);
  return db.user.create({
    data: {
      email: normalizeEmail(input.email),
      emailKey: toEmailKey(input.email),
      userName: input.userName,
      userNameKey: toUserNameKey(input.userName),
      passwordHash: input.passwordHash,
    },
    select: userSelect,
  });
}

/** A write refused by a unique index: on PostgreSQL its transaction is over, so look at duplicates after it. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

/** Which of the given identifiers an account already holds; a null one is not looked up. */
export async function findDuplicateFields(email: string | null, userName: string | null): Promise<("email" | "user_name")[]> {
  const emailKey = email === null ? null : toEmailKey(email);
  const userNameKey = userName === null ? null : toUserNameKey(userName);
  const where = [...(emailKey === null ? [] : [{ emailKey }]), ...(userNameKey === null ? [] : [{ userNameKey }])];
  if (where.length === 0) return [];
  const prisma = await getPrisma();
  const rows = await prisma.user.findMany({ where: { OR: where }, select: { emailKey: true, userNameKey: true } });
  const fields: ("email" | "user_name")[] = [];
  if (emailKey !== null && rows.some((row) => row.emailKey === emailKey)) fields.push("email");
  if (userNameKey !== null && rows.some((row) => row.userNameKey === userNameKey)) fields.push("user_name");
  return fields;
}

/**
 * A change of what signs this user in: the user row takes `changes` and the credentials version moves on,
 * so a sign-in that checked the old credentials can no longer open a session (createSession). The caller
 * ends the sessions in the same transaction (endSessions, lib/auth/session): the user's row lock orders
 * the change against a racing sign-in, so whichever commits first, no session outlives the old credentials.
 */
async function changeCredentials(id: string, changes: Prisma.UserUpdateInput, tx?: Tx): Promise<void> {
  const db = await useDb(tx);
  await db.user.update({ where: { id }, data: { ...changes, credentialsVersion: { increment: 1 } } });
}

/** Sets a new password (a reset also proves the email); the caller then ends the sessions. */
export async function replacePassword(id: string, change: { passwordHash: string; markVerified?: boolean }, tx?: Tx): Promise<void> {
  await changeCredentials(id, { passwordHash: change.passwordHash, ...(change.markVerified ? { isVerified: true } : {}) }, tx);
}

/**
 * Moves the account to a new address (the code sent there proved it, so it is verified); every outstanding
 * code, of every kind, ends: they went to the old address. The caller then ends the sessions. An address
 * another account took meanwhile fails on the unique index: see `isUniqueViolation`.
 */
export async function replaceEmail(id: string, email: string, tx?: Tx): Promise<void> {
  await inTransaction(tx, async (tx) => {
    await cancelAllOtpChallenges(id, tx);
    await changeCredentials(id, { email: normalizeEmail(email), emailKey: toEmailKey(email), isVerified: true }, tx);
  });
}

export async function markUserVerified(id: string, tx?: Tx): Promise<void> {
  const db = await useDb(tx);
  await db.user.update({ where: { id }, data: { isVerified: true } });
}

/**
 * Makes the account a staff superuser, as a change of credentials: the caller then ends every session it
 * had, so one opened before the promotion (or by a sign-in racing it) never carries the new standing.
 */
export async function grantSuperuser(id: string, tx?: Tx): Promise<void> {
  await changeCredentials(id, { isStaff: true, isSuperuser: true }, tx);
}

/** Deactivates a user, as a change of credentials: the caller then ends every session. */
export async function deactivateUser(id: string, tx?: Tx): Promise<void> {
  await changeCredentials(id, { isActive: false }, tx);
}
