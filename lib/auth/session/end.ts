import "server-only";
import { recordAuditEvent } from "@/lib/db/audit";
import { findRefreshToken } from "@/lib/db/refresh-tokens";
import { revokeSession, revokeSessionsOfUser } from "@/lib/db/sessions";
import { withTransaction } from "@/lib/db/transaction";
import { AppError, isCredentialRejected } from "@/lib/errors";
import type { RequestMeta } from "@/lib/request-meta";
import type { Principal } from "@/lib/auth/principal";
import { verifyToken } from "@/lib/auth/tokens";

/** Logs out: the token's whole session is revoked, every refresh token of its family with it. */
export async function endSession(refresh: string, meta: RequestMeta): Promise<void> {
  const claims = await verifyToken(refresh, "refresh");
  const state = await findRefreshToken(claims.jti);
  if (!state || state.session.id !== claims.sid) throw new AppError("token_not_valid");
  const wasLive = await withTransaction(async (tx) => {
    const isRevoked = await revokeSession(state.session.id, "logout", tx);
    if (isRevoked) await recordAuditEvent("logout", meta, { userId: state.user.id, sessionId: state.session.id }, tx);
    return isRevoked;
  });
  if (!wasLive) throw new AppError("token_not_valid", { detail: "Token is blacklisted" });
}

/** Logs a browser out of whatever session its cookie named; a token that is already dead is fine. */
export async function endSessionQuietly(refresh: string, meta: RequestMeta): Promise<void> {
  await endSession(refresh, meta).catch((error: unknown) => {
    if (!isCredentialRejected(error)) throw error;
  });
}

/** "Sign out everywhere": every session of the caller ends, the one making the request too. Returns how many. */
export async function endAllSessions(principal: Principal, meta: RequestMeta): Promise<number> {
  return withTransaction(async (tx) => {
    const ended = await revokeSessionsOfUser(principal.user.id, { reason: "logout_everywhere" }, tx);
    await recordAuditEvent("logout_everywhere", meta, { userId: principal.user.id, sessionId: principal.sessionId, detail: { sessionsEnded: ended.length } }, tx);
    return ended.length;
  });
}
