import "server-only";
import { getPrisma } from "@/lib/db/client";
import { inTransaction, useDb, type Tx } from "@/lib/db/transaction";
import type { NewRefreshToken } from "@/lib/db/refresh-tokens";
import { userSelect, type UserRecord } from "@/lib/db/users";

export interface SessionSummary {
  id: string;
  createdAt: Date;
  lastUsedAt: Date;
  expiresAt: Date;
  ip: string | null;
  userAgent: string | null;
}

/**
 * Opens a session for credentials checked at `credentialsVersion`, in one statement: the user row is
 * updated (last sign-in, an upgraded hash) only while that version is current and the user active, and
 * the session and its first token are inserted only if it was. The row lock orders this against a
 * password change, reset or deactivation: whichever commits first, no session outlives the old password.
 * Returns false when the credentials changed meanwhile.
 */
export async function createSession(input: {
  id: string;
  userId: string;
  credentialsVersion: number;
  expiresAt: Date;
  ip: string | null;
  userAgent: string | null;
  token: NewRefreshToken;
  /** A sign-in (not a registration): records last_login, and may store an upgraded hash. */
  signIn?: { upgradedHash: string | null };
}, tx?: Tx): Promise<boolean> {
  const prisma = await useDb(tx);
  const now = new Date();
  const ip = input.ip?.slice(0, 64) ?? null;
  const userAgent = input.userAgent?.slice(0, 512) ?? null;
  const count = await prisma.$executeRaw`
    WITH signer AS (
      UPDATE users SET
        last_login = CASE WHEN ${input.signIn !== undefined}::boolean THEN ${now}::timestamptz ELSE last_login END,
        password_hash = COALESCE(${input.signIn?.upgradedHash ?? null}::text, password_hash)
      WHERE id = ${input.userId}::uuid AND credentials_version = ${input.credentialsVersion}::int AND is_active
      RETURNING id
    ), created AS (
      INSERT INTO sessions (id, user_id, created_at, expires_at, last_used_at, ip, user_agent)
      SELECT ${input.id}::uuid, signer.id, ${now}::timestamptz, ${input.expiresAt}::timestamptz, ${now}::timestamptz, ${ip}::text, ${userAgent}::text
      FROM signer
      RETURNING id
    )
    INSERT INTO refresh_tokens (jti, session_id, issued_at, expires_at)
    SELECT ${input.token.jti}::uuid, created.id, ${input.token.issuedAt}::timestamptz, ${input.token.expiresAt}::timestamptz FROM created`;
  return count === 1;
}

// The three statements that end sessions. Only endSessions (lib/auth/session/end.ts) calls them: it first
// tells this process's revocation view to ask the database about what they end.

/** Revokes a whole session (every token of its family); returns false if it was already revoked. */
export async function revokeSession(sessionId: string, reason: string, tx?: Tx): Promise<boolean> {
  return inTransaction(tx, async (tx) => {
    const now = new Date();
    const revoked = await tx.session.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: now, revokedReason: reason } });
    await tx.refreshToken.updateMany({
      where: { sessionId, blacklistedAt: null },
      data: { blacklistedAt: now },
    });
    return revoked.count === 1;
  });
}

/** Revokes one of a user's sessions; false if it is not theirs or already ended. */
export async function revokeSessionOfUser(sessionId: string, userId: string, reason: string, tx?: Tx): Promise<boolean> {
  return inTransaction(tx, async (tx) => {
    const owned = await tx.session.findFirst({ where: { id: sessionId, userId, revokedAt: null }, select: { id: true } });
    return owned ? revokeSession(owned.id, reason, tx) : false;
  });
}

/**
 * Ends every live session of a user but `exceptSessionId`, each with its refresh tokens, like
 * `revokeSession` one by one; returns the ids of the sessions it ended.
 */
export async function revokeSessionsOfUser(userId: string, options: { exceptSessionId?: string | null; reason: string }, tx?: Tx): Promise<string[]> {
  return inTransaction(tx, async (tx) => {
    // The user's row first, as a change of credentials and a sign-in (createSession) take it: a sign-in
    // that committed before this lock is ended below; one after it sees the change the caller makes in
    // this transaction, before or after this call.
    await tx.$executeRaw`SELECT 1 FROM users WHERE id = ${userId}::uuid FOR NO KEY UPDATE`;
    const now = new Date();
    const except = options.exceptSessionId ? { id: { not: options.exceptSessionId } } : {};
    const ended = await tx.session.updateManyAndReturn({
      where: { userId, revokedAt: null, expiresAt: { gt: now }, ...except },
      data: { revokedAt: now, revokedReason: options.reason },
      select: { id: true },
    });
    const ids = ended.map((session) => session.id);
    if (ids.length > 0) await tx.refreshToken.updateMany({ where: { sessionId: { in: ids }, blacklistedAt: null }, data: { blacklistedAt: now } });
    return ids;
  });
}

export async function findSessionState(
  sessionId: string,
  tx?: Tx,
): Promise<{ userId: string; revokedAt: Date | null; revokedReason: string | null; expiresAt: Date } | null> {
  const db = await useDb(tx);
  return db.session.findUnique({ where: { id: sessionId }, select: { userId: true, revokedAt: true, revokedReason: true, expiresAt: true } });
}

/** The session and its user in one query: the hot path of every authenticated request. */
export async function findSessionWithUser(
  sessionId: string,
): Promise<({ revokedAt: Date | null; expiresAt: Date; user: UserRecord } & SessionAssuranceRow) | null> {
  const prisma = await getPrisma();
  const row = await prisma.session.findUnique({
    where: { id: sessionId },
    select: { revokedAt: true, expiresAt: true, aal: true, amr: true, authTime: true, user: { select: userSelect } },
  });
  // Prisma may read the relation in a second statement: an account deleted between the two comes back
  // as a session without its user (admin-races on PostgreSQL answered 500 there). It is no session.
  return row?.user ? row : null;
}

export async function listActiveSessions(userId: string): Promise<SessionSummary[]> {
  const prisma = await getPrisma();
  return prisma.session.findMany({
    where: { userId, revokedAt: null, expiresAt: { gt: new Date() } },
    orderBy: { lastUsedAt: "desc" },
    take: 50,
    select: { id: true, createdAt: true, lastUsedAt: true, expiresAt: true, ip: true, userAgent: true },
  });
}

/** How a session was authenticated, as its row says (see prisma/schema.prisma). */
export interface SessionAssuranceRow {
  aal: number;
  amr: string[];
  authTime: Date;
}

/**
 * Marks a live session of this user as used, optionally raising its assurance in place (a step-up), and
 * returns its expiry and assurance as they now are; null when it is not live or not the user's. The row
 * lock it takes orders this before the session's tokens, as every writer of a session does.
 */
export async function touchLiveSession(
  sessionId: string,
  userId: string,
  raise: SessionAssuranceRow | null,
  tx?: Tx,
): Promise<({ id: string; expiresAt: Date } & SessionAssuranceRow) | null> {
  const db = await useDb(tx);
  const now = new Date();
  const [row] = await db.session.updateManyAndReturn({
    where: { id: sessionId, userId, revokedAt: null, expiresAt: { gt: now } },
    data: { lastUsedAt: now, ...(raise ? { aal: raise.aal, amr: raise.amr, authTime: raise.authTime } : {}) },
    select: { id: true, expiresAt: true, aal: true, amr: true, authTime: true },
  });
  return row ?? null;
}
