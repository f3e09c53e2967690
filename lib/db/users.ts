import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { getPrisma } from "@/lib/db/client";
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

export type CreateUserResult = { ok: true; user: UserRecord } | { ok: false; duplicate: ("email" | "user_name")[] };

/** Inserts a user; a unique violation (also from a concurrent twin) comes back as `duplicate`, never a 500. */
export async function createUser(input: { email: string; userName: string; passwordHash: string }): Promise<CreateUserResult> {
  const prisma = await getPrisma();
  try {
    const user = await prisma.user.create({
      data: {
        email: normalizeEmail(input.email),
        emailKey: toEmailKey(input.email),
        userName: input.userName,
        userNameKey: toUserNameKey(input.userName),
        passwordHash: input.passwordHash,
      },
      select: userSelect,
    });
    return { ok: true, user };
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      return { ok: false, duplicate: await findDuplicateFields(input.email, input.userName) };
    }
    throw error;
  }
}

export async function findDuplicateFields(email: string, userName: string): Promise<("email" | "user_name")[]> {
  const prisma = await getPrisma();
  const rows = await prisma.user.findMany({
    where: { OR: [{ emailKey: toEmailKey(email) }, { userNameKey: toUserNameKey(userName) }] },
    select: { emailKey: true, userNameKey: true },
  });
  const fields: ("email" | "user_name")[] = [];
  if (rows.some((row) => row.emailKey === toEmailKey(email))) fields.push("email");
  if (rows.some((row) => row.userNameKey === toUserNameKey(userName))) fields.push("user_name");
  return fields;
}

/**
 * Sets a new password and ends every session but `keepSessionId`, in one transaction. The credentials
 * version moves on with it, so a sign-in that checked the old password can no longer open a session.
 */
export async function changePasswordHash(id: string, passwordHash: string, keepSessionId: string, reason: string): Promise<number> {
  const prisma = await getPrisma();
  const [, ended] = await prisma.$transaction([
    prisma.user.update({ where: { id }, data: { passwordHash, credentialsVersion: { increment: 1 } } }),
    prisma.session.updateMany({ where: { userId: id, revokedAt: null, id: { not: keepSessionId } }, data: { revokedAt: new Date(), revokedReason: reason } }),
  ]);
  return ended.count;
}

/** Deactivates a user and ends every session at once; a racing sign-in or refresh cannot outlive it. */
export async function deactivateUser(id: string, reason: string): Promise<void> {
  const prisma = await getPrisma();
  const now = new Date();
  await prisma.$transaction([
    prisma.user.update({ where: { id }, data: { isActive: false, credentialsVersion: { increment: 1 } } }),
    prisma.session.updateMany({ where: { userId: id, revokedAt: null }, data: { revokedAt: now, revokedReason: reason } }),
  ]);
}
