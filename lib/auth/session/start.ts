import "server-only";
import { randomUUID } from "node:crypto";
import { addRefreshToken, replaceSessionTokens } from "@/lib/db/refresh-tokens";
import { createSession } from "@/lib/db/sessions";
import { getEnv } from "@/lib/env";
import type { RequestMeta } from "@/lib/request-meta";
import { flushExpiredOccasionally } from "@/lib/auth/session/housekeeping";
import { planPair, signPair } from "@/lib/auth/session/token-pair";
import type { TokenPair } from "@/lib/auth/tokens";

/**
 * Opens a session for a user whose credentials were checked as they were at `user.credentialsVersion`.
 * Every way of signing in ends here; null when those credentials changed (or the user was deactivated)
 * while they were being checked: the caller must treat that as a failed sign-in.
 */
export async function startSession(
  user: { id: string; isVerified: boolean; credentialsVersion: number },
  meta: RequestMeta,
  signIn?: { upgradedHash: string | null },
): Promise<(TokenPair & { sessionId: string }) | null> {
  const env = getEnv();
  const sessionId = randomUUID();
  const expiresAt = new Date(Date.now() + env.SESSION_MAX_LIFETIME * 1000);
  const pair = planPair(sessionId, user, expiresAt);
  const isCreated = await createSession({
    id: sessionId,
    userId: user.id,
    credentialsVersion: user.credentialsVersion,
    expiresAt,
    ip: meta.ip,
    userAgent: meta.userAgent,
    token: pair.row,
    signIn,
  });
  if (!isCreated) return null;
  flushExpiredOccasionally();
  return { ...(await signPair(pair.claims)), sessionId };
}

/**
 * A fresh pair in an existing session (after verification). With rotate-blacklist it consumes the
 * session's live refresh token as a rotation would, so the session keeps one lineage; null if the
 * session ended meanwhile.
 */
export async function issuePairInSession(sessionId: string, sessionExpiresAt: Date, user: { id: string; isVerified: boolean }): Promise<TokenPair | null> {
  const pair = planPair(sessionId, user, sessionExpiresAt);
  if (getEnv().REFRESH_ROTATION !== "rotate-blacklist") await addRefreshToken(sessionId, pair.row, null);
  else if (!(await replaceSessionTokens(sessionId, pair.row, pair.claims))) return null;
  return signPair(pair.claims);
}
