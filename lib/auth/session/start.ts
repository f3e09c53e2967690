import "server-only";
import { randomUUID } from "node:crypto";
import { addRefreshToken, replaceSessionTokens } from "@/lib/db/refresh-tokens";
import { touchLiveSession } from "@/lib/db/sessions";
import { inTransaction, type Tx } from "@/lib/db/transaction";
import { getEnv } from "@/lib/env";
import type { Assurance, AuthMethod, AssuranceLevel } from "@/lib/auth/sign-in/authentication";
import { flushExpiredOccasionally } from "@/lib/auth/session/housekeeping";
import { planPair, signPair, type PlannedPair, type SuccessorClaims } from "@/lib/auth/session/token-pair";
import type { TokenPair } from "@/lib/auth/tokens";

/** A session about to be written by a sign-in's completion, with the first pair it hands out. */
export interface PlannedSession extends PlannedPair {
  sessionId: string;
  expiresAt: Date;
  assurance: Assurance;
}

/** A new session's id, absolute expiry and first pair, for a user authenticated as `assurance` says. */
export function planSession(user: { id: string; isVerified: boolean }, assurance: Assurance): PlannedSession {
  const sessionId = randomUUID();
  const expiresAt = new Date(Date.now() + getEnv().SESSION_MAX_LIFETIME * 1000);
  return { sessionId, expiresAt, assurance, ...planPair({ id: sessionId, expiresAt, assurance }, user) };
}

/** The tokens of a session the completion wrote, after it committed. */
export async function signSession(opened: { sessionId: string; claims: SuccessorClaims }): Promise<TokenPair & { sessionId: string }> {
  flushExpiredOccasionally();
  return { ...(await signPair(opened.claims)), sessionId: opened.sessionId };
}

/**
 * Plans a fresh pair in the user's live session (after verification, an email change, a step-up, which
 * passes the session's `raise`d assurance) and stores its refresh token. With rotate-blacklist it consumes
 * the session's live refresh tokens as a rotation would, so the session keeps one lineage. Null if the
 * session ended meanwhile. Sign the claims once the transaction commits.
 */
export async function renewPairInSession(
  sessionId: string,
  user: { id: string; isVerified: boolean },
  options: { raise?: Assurance; tx?: Tx } = {},
): Promise<SuccessorClaims | null> {
  return inTransaction(options.tx, async (tx) => {
    const session = await touchLiveSession(sessionId, user.id, options.raise ?? null, tx);
    if (!session) return null;
    const assurance = { aal: session.aal as AssuranceLevel, amr: session.amr as AuthMethod[], authTime: session.authTime };
    const pair = planPair({ id: session.id, expiresAt: session.expiresAt, assurance }, user);
    if (getEnv().REFRESH_ROTATION !== "rotate-blacklist") await addRefreshToken(sessionId, pair.row, null, tx);
    else await replaceSessionTokens(sessionId, pair.row, pair.claims, tx);
    return pair.claims;
  });
}
