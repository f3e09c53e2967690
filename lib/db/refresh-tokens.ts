import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { getPrisma } from "@/lib/db/client";
import { inTransaction, type Tx } from "@/lib/db/transaction";

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
export async function replaceSessionTokens(sessionId: string, successor: NewRefreshToken, successorClaims: object, tx?: Tx): Promise<boolean> {
  return inTransaction(tx, async (tx) => {
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
export async function addRefreshToken(sessionId: string, token: NewRefreshToken, parentJti: string | null, tx?: Tx): Promise<void> {
  await inTransaction(tx, async (tx) => {
    await tx.session.update({ where: { id: sessionId }, data: { lastUsedAt: new Date() } });
    await tx.refreshToken.create({ data: { ...token, sessionId, parentJti } });
  });
}
