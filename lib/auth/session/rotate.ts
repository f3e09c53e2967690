import "server-only";
import { randomUUID } from "node:crypto";
import { recordAuditEvent } from "@/lib/db/audit";
import { addRefreshToken, findRefreshToken, rotateRefreshTokenAtomically, type RefreshTokenState } from "@/lib/db/refresh-tokens";
import { withTransaction } from "@/lib/db/transaction";
import { getEnv } from "@/lib/env";
import { countRotation } from "@/lib/observability/metrics.mjs";
import { AppError } from "@/lib/errors";
import type { RequestMeta } from "@/lib/request-meta";
import { sendSecurityEmail } from "@/lib/auth/security-emails";
import { endSessions } from "@/lib/auth/session/end";
import type { AssuranceLevel, AuthMethod } from "@/lib/auth/sign-in/authentication";
import { isSuccessorClaims, planPair, signPair } from "@/lib/auth/session/token-pair";
import { nowSeconds, signToken, verifyToken, type TokenPair, type VerifiedToken } from "@/lib/auth/tokens";

/** The stored state of a verified refresh token, refused (401) unless its session and user are still good. */
async function loadUsableToken(claims: VerifiedToken): Promise<RefreshTokenState> {
  const state = await findRefreshToken(claims.jti);
  if (!state || state.session.id !== claims.sid || state.user.id !== claims.sub) throw new AppError("token_not_valid");
  if (state.session.revokedAt || state.blacklistedAt) throw new AppError("token_not_valid", { detail: "Token is blacklisted" });
  if (state.session.expiresAt.getTime() <= Date.now()) throw new AppError("token_not_valid");
  if (!state.user.isActive) throw new AppError("user_inactive");
  return state;
}

/**
 * A used token presented again: inside the grace window it gets the identical successor pair (racing
 * tabs converge on one lineage); after it, it is treated as stolen and the whole session is revoked.
 */
async function handleUsedToken(state: RefreshTokenState, meta: RequestMeta): Promise<TokenPair> {
  const graceMs = getEnv().REFRESH_REUSE_GRACE * 1000;
  const usedAt = state.usedAt?.getTime() ?? 0;
  if (Date.now() - usedAt <= graceMs && isSuccessorClaims(state.successor)) return signPair(state.successor);
  const wasLive = await withTransaction(async (tx) => {
    const isRevoked = (await endSessions({ session: state.session.id }, "refresh_token_reused", tx)) === 1;
    if (isRevoked) await recordAuditEvent("refresh_token_reused", meta, { userId: state.user.id, sessionId: state.session.id, detail: { jti: state.jti } }, tx);
    return isRevoked;
  });
  if (wasLive) sendSecurityEmail(state.user.id, { kind: "refresh_token_reused", sessionId: state.session.id }, meta);
  throw new AppError("token_not_valid", { detail: "Token is blacklisted" });
}

/**
 * Exchanges a refresh token for a new pair, by the configured rotation mode. rotate-blacklist (the
 * default) rotates exactly once, in one round trip; only a token that did not rotate is looked at again,
 * to answer a replay inside the grace window, detect reuse, or say why it is refused.
 */
export async function rotateRefreshToken(refresh: string, meta: RequestMeta): Promise<{ access: string; refresh?: string }> {
  const env = getEnv();
  const claims = await verifyToken(refresh, "refresh");
  if (env.REFRESH_ROTATION === "rotate-blacklist") {
    const successor = await rotateRefreshTokenAtomically({
      parentJti: claims.jti,
      sessionId: claims.sid,
      userId: claims.sub,
      issuedAt: nowSeconds(),
      accessJti: randomUUID(),
      refreshJti: randomUUID(),
      accessLifetime: env.ACCESS_TOKEN_LIFETIME,
      refreshLifetime: env.REFRESH_TOKEN_LIFETIME,
    });
    if (isSuccessorClaims(successor)) {
      countRotation();
      return signPair(successor);
    }
    const state = await loadUsableToken(claims);
    if (state.usedAt) return handleUsedToken(state, meta);
    throw new AppError("token_not_valid");
  }
  const state = await loadUsableToken(claims);
  const { id, expiresAt, aal, amr, authTime } = state.session;
  const pair = planPair({ id, expiresAt, assurance: { aal: aal as AssuranceLevel, amr: amr as AuthMethod[], authTime } }, state.user);
  if (env.REFRESH_ROTATION === "off") return { access: await signToken(pair.claims.access) };
  await addRefreshToken(state.session.id, pair.row, state.jti);
  countRotation();
  return signPair(pair.claims);
}
