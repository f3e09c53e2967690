import "server-only";
import { randomUUID } from "node:crypto";
import { addRefreshToken, replaceSessionTokens } from "@/lib/db/refresh-tokens";
import { createSession } from "@/lib/db/sessions";
import type { Tx } from "@/lib/db/transaction";
import { getEnv } from "@/lib/env";
import type { RequestMeta } from "@/lib/request-meta";
import { flushExpiredOccasionally } from "@/lib/auth/session/housekeeping";
import { planPair, signPair, type SuccessorClaims } from "@/lib/auth/session/token-pair";
import type { TokenPair } from "@/lib/auth/tokens";

/** A session written (maybe inside the caller's transaction) whose tokens are signed once it commits. */
export interface OpenedSession {
  sessionId: string;
  claims: SuccessorClaims;
}

/**
 * Opens a session for a user whose credentials were checked as they were at `user.credentialsVersion`.
 * Every way of signing in ends here; null when those credentials changed (or the user was deactivated)
 * while they were being checked: the caller must treat that as a failed sign-in.
 */
export async function openSession(
  user: { id: string; isVerified: boolean; credentialsVersion: number },
  meta: RequestMeta,
  options: { signIn?: { upgradedHash: string | null }; tx?: Tx } = {},
): Promise<OpenedSession | null> {
  const env = getEnv();
  const sessionId = randomUUID();
  const expiresAt = new Date(Date.now() + env.SESSION_MAX_LIFETIME * 1000);
  const pair = planPair(sessionId, user, expiresAt);
  const isCreated = await createSession(
    { id: sessionId, userId: user.id, credentialsVersion: user.credentialsVersion, expiresAt, ip: meta.ip, userAgent: meta.userAgent, token: pair.row, signIn: options.signIn },
    options.tx,
  );
  return isCreated ? { sessionId, claims: pair.claims } : null;
}

/** The tokens of a session opened by `openSession`, after its transaction committed. */
export async function signSession(opened: OpenedSession): Promise<TokenPair & { sessionId: string }> {
  flushExpiredOccasionally();
  return { ...(await signPair(opened.claims)), sessionId: opened.sessionId };
}

/**
 * Plans a fresh pair in an existing session (after verification) and stores its refresh token. With
 * rotate-blacklist it consumes the session's live refresh token as a rotation would, so the session
 * keeps one lineage; null if the session ended meanwhile. Sign the claims once the transaction commits.
 */
export async function renewPairInSession(
  sessionId: string,
  sessionExpiresAt: Date,
  user: { id: string; isVerified: boolean },
  tx?: Tx,
): Promise<SuccessorClaims | null> {
  const pair = planPair(sessionId, user, sessionExpiresAt);
  if (getEnv().REFRESH_ROTATION !== "rotate-blacklist") await addRefreshToken(sessionId, pair.row, null, tx);
  else if (!(await replaceSessionTokens(sessionId, pair.row, pair.claims, tx))) return null;
  return pair.claims;
}
