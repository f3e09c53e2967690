import "server-only";
import { randomUUID } from "node:crypto";
import { recordAuditEvent } from "@/lib/db/audit";
import type { RequestMeta } from "@/lib/request-meta";
import {
  addRefreshToken,
  consumeRefreshToken,
  createSession,
  findRefreshToken,
  replaceSessionTokens,
  revokeSession,
  type NewRefreshToken,
  type RefreshTokenState,
} from "@/lib/db/sessions";
import { getEnv } from "@/lib/env";
import { AppError, isCredentialRejected } from "@/lib/errors";
import { flushExpiredOccasionally } from "@/lib/auth/housekeeping";
import { buildClaims, nowSeconds, signToken, verifyToken, type TokenClaims, type TokenPair } from "@/lib/auth/tokens";

interface SuccessorClaims {
  access: TokenClaims;
  refresh: TokenClaims;
}

interface PlannedPair {
  claims: SuccessorClaims;
  row: NewRefreshToken;
}

/** Claims for a new pair inside a session; no token outlives the session's absolute expiry. */
function planPair(sessionId: string, user: { id: string; isVerified: boolean }, sessionExpiresAt: Date): PlannedPair {
  const env = getEnv();
  const now = nowSeconds();
  const sessionEnd = Math.floor(sessionExpiresAt.getTime() / 1000);
  const refreshExp = Math.min(now + env.REFRESH_TOKEN_LIFETIME, sessionEnd);
  const accessExp = Math.min(now + env.ACCESS_TOKEN_LIFETIME, sessionEnd);
  const base = { sid: sessionId, userId: user.id, issuedAt: now, verified: user.isVerified };
  const refresh = buildClaims("refresh", { ...base, jti: randomUUID(), expiresAt: refreshExp });
  const access = buildClaims("access", { ...base, jti: randomUUID(), expiresAt: accessExp });
  return {
    claims: { access, refresh },
    row: { jti: refresh.jti, issuedAt: new Date(now * 1000), expiresAt: new Date(refreshExp * 1000) },
  };
}

async function signPair(claims: SuccessorClaims): Promise<TokenPair> {
  const [access, refresh] = await Promise.all([signToken(claims.access), signToken(claims.refresh)]);
  return { access, refresh };
}

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

async function loadUsableToken(refresh: string): Promise<RefreshTokenState> {
  const claims = await verifyToken(refresh, "refresh");
  const state = await findRefreshToken(claims.jti);
  if (!state || state.session.id !== claims.sid || state.user.id !== claims.sub) throw new AppError("token_not_valid");
  if (state.session.revokedAt || state.blacklistedAt) throw new AppError("token_not_valid", { detail: "Token is blacklisted" });
  if (state.session.expiresAt.getTime() <= Date.now()) throw new AppError("token_not_valid");
  if (!state.user.isActive) throw new AppError("user_inactive");
  return state;
}

function isSuccessorClaims(value: unknown): value is SuccessorClaims {
  return typeof value === "object" && value !== null && "access" in value && "refresh" in value;
}

/**
 * A used token presented again: inside the grace window it gets the identical successor pair (racing
 * tabs converge on one lineage); after it, it is treated as stolen and the whole session is revoked.
 */
async function handleUsedToken(state: RefreshTokenState, meta: RequestMeta): Promise<TokenPair> {
  const graceMs = getEnv().REFRESH_REUSE_GRACE * 1000;
  const usedAt = state.usedAt?.getTime() ?? 0;
  if (Date.now() - usedAt <= graceMs && isSuccessorClaims(state.successor)) return signPair(state.successor);
  const wasLive = await revokeSession(state.session.id, "refresh_token_reused");
  if (wasLive) {
    await recordAuditEvent("refresh_token_reused", meta, { userId: state.user.id, sessionId: state.session.id, detail: { jti: state.jti } });
  }
  throw new AppError("token_not_valid", { detail: "Token is blacklisted" });
}

export async function refreshSession(refresh: string, meta: RequestMeta): Promise<{ access: string; refresh?: string }> {
  const mode = getEnv().REFRESH_ROTATION;
  const state = await loadUsableToken(refresh);
  if (mode === "rotate-blacklist" && state.usedAt) return handleUsedToken(state, meta);
  const pair = planPair(state.session.id, state.user, state.session.expiresAt);
  if (mode === "off") return { access: await signToken(pair.claims.access) };
  if (mode === "rotate") {
    await addRefreshToken(state.session.id, pair.row, state.jti);
    return signPair(pair.claims);
  }
  const isWinner = await consumeRefreshToken({
    parentJti: state.jti,
    sessionId: state.session.id,
    successor: pair.row,
    successorClaims: pair.claims,
  });
  if (isWinner) return signPair(pair.claims);
  // Lost the race: the winner has committed; answer as a replay of the now-used parent.
  const after = await findRefreshToken(state.jti);
  if (!after || !after.usedAt) throw new AppError("token_not_valid");
  return handleUsedToken(after, meta);
}

/** Logs out: the token's whole session is revoked, every refresh token of its family with it. */
export async function endSession(refresh: string, meta: RequestMeta): Promise<void> {
  const claims = await verifyToken(refresh, "refresh");
  const state = await findRefreshToken(claims.jti);
  if (!state || state.session.id !== claims.sid) throw new AppError("token_not_valid");
  const wasLive = await revokeSession(state.session.id, "logout");
  if (!wasLive) throw new AppError("token_not_valid", { detail: "Token is blacklisted" });
  await recordAuditEvent("logout", meta, { userId: state.user.id, sessionId: state.session.id });
}

/** Logs a browser out of whatever session its cookie named; a token that is already dead is fine. */
export async function endSessionQuietly(refresh: string, meta: RequestMeta): Promise<void> {
  await endSession(refresh, meta).catch((error: unknown) => {
    if (!isCredentialRejected(error)) throw error;
  });
}
