import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { getPrisma } from "@/lib/db/client";
import { userSelect, type UserRecord } from "@/lib/db/users";

export interface NewRefreshToken {
  jti: string;
  issuedAt: Date;
  expiresAt: Date;
}

export interface RefreshTokenState {
  jti: string;
  usedAt: Date | null;
  blacklistedAt: Date | null;
  successor: Prisma.JsonValue | null;
  session: { id: string; expiresAt: Date; revokedAt: Date | null };
  user: { id: string; isActive: boolean; isVerified: boolean };
}

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
}): Promise<boolean> {
  const prisma = await getPrisma();
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

export async function findRefreshToken(jti: string): Promise<RefreshTokenState | null> {
  const prisma = await getPrisma();
  const row = await prisma.refreshToken.findUnique({
    where: { jti },
    select: {
      jti: true,
      usedAt: true,
      blacklistedAt: true,
      successor: true,
      session: {
        select: { id: true, expiresAt: true, revokedAt: true, user: { select: { id: true, isActive: true, isVerified: true } } },
      },
    },
  });
  if (!row) return null;
  const { user, ...session } = row.session;
  return { jti: row.jti, usedAt: row.usedAt, blacklistedAt: row.blacklistedAt, successor: row.successor, session, user };
}

/**
 * Marks `parentJti` used and stores its successor, atomically: the conditional UPDATE takes the row
 * lock, so of any number of concurrent callers exactly one sees `true`; the others wait for its
 * commit and then find the successor recorded.
 */
export async function consumeRefreshToken(input: {
  parentJti: string;
  sessionId: string;
  successor: NewRefreshToken;
  successorClaims: object;
}): Promise<boolean> {
  const prisma = await getPrisma();
  return prisma.$transaction(async (tx) => {
    const now = new Date();
    // Session row first, then token rows: the same order as revokeSession, so a logout racing a
    // refresh waits instead of deadlocking. A session revoked meanwhile makes the refresh lose.
    const live = await tx.session.updateMany({ where: { id: input.sessionId, revokedAt: null }, data: { lastUsedAt: now } });
    if (live.count !== 1) return false;
    const { count } = await tx.refreshToken.updateMany({
      where: { jti: input.parentJti, usedAt: null, blacklistedAt: null },
      data: { usedAt: now, successor: input.successorClaims as Prisma.InputJsonObject },
    });
    if (count !== 1) return false;
    await tx.refreshToken.create({ data: { ...input.successor, sessionId: input.sessionId, parentJti: input.parentJti } });
    return true;
  });
}

/**
 * Issues a token that replaces every live token of the session (a rotation without a presented parent,
 * as after an authenticated verify): they are marked used with `successorClaims`, so presenting one later
 * is a replay (inside the grace window) or reuse, never a second live lineage. Session row first, as always.
 */
export async function replaceSessionTokens(sessionId: string, successor: NewRefreshToken, successorClaims: object): Promise<boolean> {
  const prisma = await getPrisma();
  return prisma.$transaction(async (tx) => {
    const now = new Date();
    const live = await tx.session.updateMany({ where: { id: sessionId, revokedAt: null }, data: { lastUsedAt: now } });
    if (live.count !== 1) return false;
    const heads = await tx.refreshToken.findMany({ where: { sessionId, usedAt: null, blacklistedAt: null }, select: { jti: true }, orderBy: { issuedAt: "desc" } });
    await tx.refreshToken.updateMany({
      where: { jti: { in: heads.map((head) => head.jti) }, usedAt: null },
      data: { usedAt: now, successor: successorClaims as Prisma.InputJsonObject },
    });
    await tx.refreshToken.create({ data: { ...successor, sessionId, parentJti: heads[0]?.jti ?? null } });
    return true;
  });
}

/** Adds a token to a session without consuming its parent (rotation mode `rotate`). */
export async function addRefreshToken(sessionId: string, token: NewRefreshToken, parentJti: string | null): Promise<void> {
  const prisma = await getPrisma();
  await prisma.$transaction([
    prisma.session.update({ where: { id: sessionId }, data: { lastUsedAt: new Date() } }),
    prisma.refreshToken.create({ data: { ...token, sessionId, parentJti } }),
  ]);
}

/** Revokes a whole session (every token of its family); returns false if it was already revoked. */
export async function revokeSession(sessionId: string, reason: string): Promise<boolean> {
  const prisma = await getPrisma();
  const now = new Date();
  const [revoked] = await prisma.$transaction([
    prisma.session.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: now, revokedReason: reason } }),
    prisma.refreshToken.updateMany({
      where: { sessionId, blacklistedAt: null },
      data: { blacklistedAt: now },
    }),
  ]);
  return revoked.count === 1;
}

/** Revokes one of a user's sessions; false if it is not theirs or already ended. */
export async function revokeSessionOfUser(sessionId: string, userId: string, reason: string): Promise<boolean> {
  const prisma = await getPrisma();
  const owned = await prisma.session.findFirst({ where: { id: sessionId, userId, revokedAt: null }, select: { id: true } });
  return owned ? revokeSession(owned.id, reason) : false;
}

export async function findSessionState(sessionId: string): Promise<{ userId: string; revokedAt: Date | null; expiresAt: Date } | null> {
  const prisma = await getPrisma();
  return prisma.session.findUnique({ where: { id: sessionId }, select: { userId: true, revokedAt: true, expiresAt: true } });
}

/** The session and its user in one query: the hot path of every authenticated request. */
export async function findSessionWithUser(sessionId: string): Promise<{ revokedAt: Date | null; expiresAt: Date; user: UserRecord } | null> {
  const prisma = await getPrisma();
  return prisma.session.findUnique({ where: { id: sessionId }, select: { revokedAt: true, expiresAt: true, user: { select: userSelect } } });
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

export interface FlushResult {
  sessions: number;
  refreshTokens: number;
  otpChallenges: number;
  rateLimits: number;
}

/**
 * Deletes what can no longer matter. A used refresh token is kept while it is unexpired and its session
 * lives, because presenting it again must still be detected as reuse; once its own `exp` has passed the
 * signature check rejects it anyway, and a token whose row is gone is refused as unknown.
 */
export async function flushExpired(now = new Date()): Promise<FlushResult> {
  const prisma = await getPrisma();
  const dayAgo = new Date(now.getTime() - 86_400_000);
  const [sessions, refreshTokens, otpChallenges, rateLimits] = await prisma.$transaction([
    prisma.session.deleteMany({ where: { OR: [{ expiresAt: { lte: now } }, { revokedAt: { lte: dayAgo } }] } }),
    prisma.refreshToken.deleteMany({ where: { expiresAt: { lte: now } } }),
    prisma.otpChallenge.deleteMany({ where: { expiresAt: { lte: dayAgo } } }),
    prisma.rateLimiterFlexible.deleteMany({ where: { expire: { lte: now } } }),
  ]);
  return { sessions: sessions.count, refreshTokens: refreshTokens.count, otpChallenges: otpChallenges.count, rateLimits: rateLimits.count };
}
