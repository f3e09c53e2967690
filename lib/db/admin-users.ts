import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { getPrisma, getRevocationView } from "@/lib/db/client";
import { useDb, type Tx } from "@/lib/db/transaction";
import { userSelect, type UserRecord } from "@/lib/db/users";
import type { SessionSummary } from "@/lib/db/sessions";
import type { RequestMeta } from "@/lib/request-meta";
import { recordAuditEvent, type AdminEventName } from "@/lib/db/audit";

export type { AdminEventName } from "@/lib/db/audit";

export interface UserFilters {
  /** Lower-cased, NFKC: matched anywhere in the email or the user name. */
  search: string | null;
  isVerified: boolean | null;
  isActive: boolean | null;
  isStaff: boolean | null;
}

/** Where the previous page ended: newest sign-ups first, the id breaking ties. */
export interface UserCursor {
  dateJoined: Date;
  id: string;
}

export interface AuditEventRecord {
  id: bigint;
  event: string;
  createdAt: Date;
  ip: string | null;
  userAgent: string | null;
  sessionId: string | null;
  detail: Prisma.JsonValue;
}

/** Prisma's `contains` is a LIKE that leaves `%` and `_` as wildcards: typed text must match as typed. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

function filterWhere(filters: UserFilters): Prisma.UserWhereInput {
  const where: Prisma.UserWhereInput = {};
  if (filters.search) {
    const search = escapeLike(filters.search);
    where.OR = [{ emailKey: { contains: search } }, { userNameKey: { contains: search } }];
  }
  if (filters.isVerified !== null) where.isVerified = filters.isVerified;
  if (filters.isActive !== null) where.isActive = filters.isActive;
  if (filters.isStaff !== null) where.isStaff = filters.isStaff;
  return where;
}

/** One page of users matching `filters`, and whether another page follows. */
export async function listUsers(filters: UserFilters, after: UserCursor | null, limit: number): Promise<{ users: UserRecord[]; hasMore: boolean }> {
  const prisma = await getPrisma();
  const page: Prisma.UserWhereInput = after
    ? { OR: [{ dateJoined: { lt: after.dateJoined } }, { dateJoined: after.dateJoined, id: { lt: after.id } }] }
    : {};
  const rows = await prisma.user.findMany({
    where: { AND: [filterWhere(filters), page] },
    orderBy: [{ dateJoined: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: userSelect,
  });
  return { users: rows.slice(0, limit), hasMore: rows.length > limit };
}

/**
 * Locks these accounts' rows until the transaction ends and reads them again: two transactions that lock
 * the same accounts take turns, and the later one sees what the earlier one wrote. The rows are locked one
 * at a time in id order, so two actions locking the same pair from either side cannot deadlock. An account
 * that no longer exists is absent from the answer.
 */
export async function lockUsers(ids: string[], tx: Tx): Promise<Map<string, UserRecord>> {
  const users = new Map<string, UserRecord>();
  for (const id of [...new Set(ids)].sort()) {
    // FOR UPDATE, not FOR NO KEY UPDATE: a deletion needs the strong lock, and taking it later would deadlock.
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id::text FROM users WHERE id = ${id}::uuid FOR UPDATE`;
    if (locked.length === 0) continue;
    const user = await tx.user.findUnique({ where: { id }, select: userSelect });
    if (user) users.set(id, user);
  }
  return users;
}

/** Active, verified superusers other than `exceptId`. */
export async function countOtherSuperusers(exceptId: string, tx: Tx): Promise<number> {
  return tx.user.count({ where: { id: { not: exceptId }, isActive: true, isVerified: true, isStaff: true, isSuperuser: true } });
}

export async function findUserById(id: string, tx?: Tx): Promise<UserRecord | null> {
  const db = await useDb(tx);
  return db.user.findUnique({ where: { id }, select: userSelect });
}

/** The account's live sessions, most recently used first. */
export async function listLiveSessions(userId: string, tx?: Tx): Promise<SessionSummary[]> {
  const db = await useDb(tx);
  return db.session.findMany({
    where: { userId, revokedAt: null, expiresAt: { gt: new Date() } },
    orderBy: { lastUsedAt: "desc" },
    take: 100,
    select: { id: true, createdAt: true, lastUsedAt: true, expiresAt: true, ip: true, userAgent: true },
  });
}

export async function listRecentEvents(userId: string, take: number): Promise<AuditEventRecord[]> {
  const prisma = await getPrisma();
  return prisma.auditEvent.findMany({
    where: { userId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
    select: { id: true, event: true, createdAt: true, ip: true, userAgent: true, sessionId: true, detail: true },
  });
}

/** Flags an operator may set directly; deactivation goes through `deactivateUser` (it ends sessions). */
export async function updateUserFlags(
  id: string,
  flags: { isActive?: true; isVerified?: boolean; isStaff?: boolean; isSuperuser?: boolean },
  tx?: Tx,
): Promise<void> {
  // Withdrawing the verified flag must reach this process's view before the database announces it.
  if (flags.isVerified === false) (await getRevocationView()).doubt(id);
  const db = await useDb(tx);
  await db.user.update({ where: { id }, data: flags });
}

/** Deletes an account; its sessions, tokens and codes go with it, its audit rows stay without a user. */
export async function deleteUserById(id: string, tx?: Tx): Promise<boolean> {
  (await getRevocationView()).doubt(id);
  const db = await useDb(tx);
  const { count } = await db.user.deleteMany({ where: { id } });
  return count === 1;
}

/** An audit row about `userId` written by an operator (`actorId`; null for the command line). */
export async function recordAdminEvent(
  event: AdminEventName,
  meta: RequestMeta,
  subject: { userId: string | null; actorId: string | null; sessionId?: string | null; detail?: Record<string, Prisma.InputJsonValue> },
  tx?: Tx,
): Promise<void> {
  const { actorId, detail, ...rest } = subject;
  await recordAuditEvent(event, meta, { ...rest, detail: { actor_id: actorId, ...detail } }, tx);
}

/** User names by id, for naming the operators in audit rows (deleted operators are simply absent). */
export async function findUserNames(ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const prisma = await getPrisma();
  const rows = await prisma.user.findMany({ where: { id: { in: ids } }, select: { id: true, userName: true } });
  return new Map(rows.map((row) => [row.id, row.userName]));
}
