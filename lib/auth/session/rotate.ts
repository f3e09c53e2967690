import "server-only";
import { recordAuditEvent } from "@/lib/db/audit";
import { addRefreshToken, consumeRefreshToken, findRefreshToken, type RefreshTokenState } from "@/lib/db/refresh-tokens";
import { revokeSession } from "@/lib/db/sessions";
import { withTransaction } from "@/lib/db/transaction";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { RequestMeta } from "@/lib/request-meta";
import { isSuccessorClaims, planPair, signPair } from "@/lib/auth/session/token-pair";
import { signToken, verifyToken, type TokenPair } from "@/lib/auth/tokens";

async function loadUsableToken(refresh: string): Promise<RefreshTokenState> {
  const claims = await verifyToken(refresh, "refresh");
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
  await withTransaction(async (tx) => {
    const wasLive = await revokeSession(state.session.id, "refresh_token_reused", tx);
    if (wasLive) await recordAuditEvent("refresh_token_reused", meta, { userId: state.user.id, sessionId: state.session.id, detail: { jti: state.jti } }, tx);
  });
  throw new AppError("token_not_valid", { detail: "Token is blacklisted" });
}

/** Exchanges a refresh token for a new pair, by the configured rotation mode (rotate-blacklist: exactly once). */
export async function rotateRefreshToken(refresh: string, meta: RequestMeta): Promise<{ access: string; refresh?: string }> {
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
