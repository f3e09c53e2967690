import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { getPrisma } from "@/lib/db/client";
import { claimsSql } from "@/lib/db/token-claims";
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
  session: { id: string; expiresAt: Date; revokedAt: Date | null; aal: number; amr: string[]; authTime: Date };
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
        select: { id: true, expiresAt: true, revokedAt: true, aal: true, amr: true, authTime: true, user: { select: { id: true, isActive: true, isVerified: true } } },
      },
    },
  });
  // A token whose session or account was deleted between Prisma's statements is no token.
  if (!row?.session?.user) return null;
  const { user, ...session } = row.session;
  return { jti: row.jti, usedAt: row.usedAt, blacklistedAt: row.blacklistedAt, successor: row.successor, session, user };
}

/**
 * Rotation (rotate-blacklist) decided in one statement, one round trip: it locks the live session row
 * (the order revokeSession uses: session, then tokens), re-reads its user, and only if that user is active
 * and the parent unused and not blacklisted, marks the parent used with its successor's claims and inserts
 * the successor. The claims are built here (claimsSql, from the one definition of them) so that `verified`, the
 * session's end and its assurance are read in the same statement. Of any number of concurrent callers exactly one gets the claims; a loser waits for the
 * winner's commit, re-checks the parent and gets null (as does any refusal: the caller reads why).
 */
export async function rotateRefreshTokenAtomically(input: {
  parentJti: string;
  sessionId: string;
  userId: string;
  issuedAt: number;
  accessJti: string;
  refreshJti: string;
  accessLifetime: number;
  refreshLifetime: number;
}): Promise<Prisma.JsonObject | null> {
  const prisma = await getPrisma();
  const { sessionId: sid, userId: uid, issuedAt: iat } = input;
  const common = {
    sid: Prisma.sql`${sid}::text`,
    userId: Prisma.sql`${uid}::text`,
    issuedAt: Prisma.sql`${iat}::bigint`,
    verified: Prisma.sql`planned.is_verified`,
    aal: Prisma.sql`planned.aal`,
    amr: Prisma.sql`to_jsonb(planned.amr)`,
    authTime: Prisma.sql`planned.auth_time_s`,
  };
  const access = claimsSql("access", { ...common, jti: Prisma.sql`${input.accessJti}::text`, expiresAt: Prisma.sql`planned.access_exp` });
  const refresh = claimsSql("refresh", { ...common, jti: Prisma.sql`${input.refreshJti}::text`, expiresAt: Prisma.sql`planned.refresh_exp` });
  const rows = await prisma.$queryRaw<{ successor: Prisma.JsonObject | string }[]>`
    WITH live AS (
      UPDATE sessions SET last_used_at = now()
      WHERE id = ${sid}::uuid AND user_id = ${uid}::uuid AND revoked_at IS NULL AND expires_at > now()
      RETURNING id, user_id, floor(extract(epoch FROM expires_at))::bigint AS end_s, aal::int AS aal, amr,
        floor(extract(epoch FROM auth_time))::bigint AS auth_time_s
    ), planned AS (
      SELECT users.is_verified, live.aal, live.amr, live.auth_time_s,
        LEAST(${iat}::bigint + ${input.accessLifetime}::bigint, live.end_s) AS access_exp,
        LEAST(${iat}::bigint + ${input.refreshLifetime}::bigint, live.end_s) AS refresh_exp
      FROM live JOIN users ON users.id = live.user_id AND users.is_active
    ), parent AS (
      UPDATE refresh_tokens SET used_at = now(), successor = jsonb_build_object('access', ${access}, 'refresh', ${refresh})
      FROM planned
      WHERE refresh_tokens.jti = ${input.parentJti}::uuid AND refresh_tokens.session_id = ${sid}::uuid
        AND refresh_tokens.used_at IS NULL AND refresh_tokens.blacklisted_at IS NULL
      RETURNING refresh_tokens.jti, refresh_tokens.successor, planned.refresh_exp
    ), child AS (
      INSERT INTO refresh_tokens (jti, session_id, parent_jti, issued_at, expires_at)
      SELECT ${input.refreshJti}::uuid, ${sid}::uuid, parent.jti, to_timestamp(${iat}::bigint), to_timestamp(parent.refresh_exp) FROM parent
      RETURNING parent_jti
    )
    SELECT parent.successor FROM parent JOIN child ON child.parent_jti = parent.jti`;
  const successor = rows[0]?.successor;
  if (successor === undefined) return null;
  return typeof successor === "string" ? (JSON.parse(successor) as Prisma.JsonObject) : successor;
}

/**
 * Issues a token that replaces every live token of the session (a rotation without a presented parent,
 * as after an authenticated verify): they are marked used with `successorClaims`, so presenting one later
 * is a replay (inside the grace window) or reuse, never a second live lineage. The caller holds the
 * session row's lock (touchLiveSession in the same transaction): session row first, as always.
 */
export async function replaceSessionTokens(sessionId: string, successor: NewRefreshToken, successorClaims: object, tx: Tx): Promise<void> {
  const now = new Date();
  const heads = await tx.refreshToken.findMany({ where: { sessionId, usedAt: null, blacklistedAt: null }, select: { jti: true }, orderBy: { issuedAt: "desc" } });
  await tx.refreshToken.updateMany({
    where: { jti: { in: heads.map((head) => head.jti) }, usedAt: null },
    data: { usedAt: now, successor: successorClaims as Prisma.InputJsonObject },
  });
  await tx.refreshToken.create({ data: { ...successor, sessionId, parentJti: heads[0]?.jti ?? null } });
}

/** Adds a token to a session without consuming its parent (rotation mode `rotate`). */
export async function addRefreshToken(sessionId: string, token: NewRefreshToken, parentJti: string | null, tx?: Tx): Promise<void> {
  await inTransaction(tx, async (tx) => {
    await tx.session.update({ where: { id: sessionId }, data: { lastUsedAt: new Date() } });
    await tx.refreshToken.create({ data: { ...token, sessionId, parentJti } });
  });
}
