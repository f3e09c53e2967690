import "server-only";
import { recordAuditEvent } from "@/lib/db/audit";
import { getRevocationView } from "@/lib/db/client";
import { findRefreshToken } from "@/lib/db/refresh-tokens";
import { revokeSession, revokeSessionOfUser, revokeSessionsOfUser } from "@/lib/db/sessions";
import { withTransaction, type Tx } from "@/lib/db/transaction";
import { AppError, isCredentialRejected } from "@/lib/errors";
import type { RequestMeta } from "@/lib/request-meta";
import type { Principal } from "@/lib/auth/principal";
import { verifyToken } from "@/lib/auth/tokens";
import { forgetTrustedBrowsers } from "@/lib/auth/trusted-browsers";

/** Which sessions to end: one (only if it is `ofUser`'s, when given), or all of a user's but `except`. */
export type SessionsToEnd = { session: string; ofUser?: string } | { allOf: string; except?: string | null };

/**
 * Why a session ended, kept on its row: the sign-in page tells a browser whose session ended elsewhere
 * (ended.ts reads it).
 */
export type SessionEndReason =
  | "logout"
  | "logout_everywhere"
  | "revoked_by_user"
  | "refresh_token_reused"
  | "account_secured"
  | "password_changed"
  | "password_reset"
  | "email_changed"
  | "ended_by_admin"
  | "deactivated_by_admin"
  | "superuser_granted_by_cli";

/**
 * The one way sessions end: each with every refresh token of its family. This process's revocation view is
 * told first to ask the database about them (the database announces the end only once it commits, and the
 * transaction may still roll back). A change of credentials calls it in the transaction of the change:
 * ending all of a user's sessions takes the user's row first, so a racing sign-in either commits first and
 * has its session ended or waits and finds the credentials changed. Returns how many live sessions it ended.
 */
export async function endSessions(which: SessionsToEnd, reason: SessionEndReason, tx?: Tx): Promise<number> {
  const view = await getRevocationView();
  if ("session" in which) {
    view.doubt(which.session);
    const isEnded = which.ofUser === undefined ? await revokeSession(which.session, reason, tx) : await revokeSessionOfUser(which.session, which.ofUser, reason, tx);
    return isEnded ? 1 : 0;
  }
  view.doubt(which.allOf);
  return (await revokeSessionsOfUser(which.allOf, { exceptSessionId: which.except, reason }, tx)).length;
}

/** Logs out: the token's whole session is revoked, every refresh token of its family with it. */
export async function endSession(refresh: string, meta: RequestMeta): Promise<void> {
  const claims = await verifyToken(refresh, "refresh");
  const state = await findRefreshToken(claims.jti);
  if (!state || state.session.id !== claims.sid) throw new AppError("token_not_valid");
  const wasLive = await withTransaction(async (tx) => {
    const isRevoked = (await endSessions({ session: state.session.id }, "logout", tx)) === 1;
    if (isRevoked) await recordAuditEvent("logout", meta, { userId: state.user.id, sessionId: state.session.id }, tx);
    return isRevoked;
  });
  if (!wasLive) throw new AppError("token_not_valid", { detail: "Token is blacklisted" });
}

/** The session a sign-in ends in its own statement (lib/db/sign-ins.ts recordSignIn), named by its refresh token. */
export interface ReplacedSession {
  sessionId: string;
  jti: string;
}

/**
 * A browser signing in again gives up the session its cookie names: which one, for the sign-in's statement to
 * end as `endSession` would (revoked as "logout", with its refresh tokens and a logout row), so the sign-in
 * keeps its one round trip. Null for a token that is not one of ours (nothing to end). This process's
 * revocation view is told first, as endSessions tells it.
 */
export async function planReplacedSession(refresh: string | null | undefined): Promise<ReplacedSession | null> {
  if (!refresh) return null;
  try {
    const claims = await verifyToken(refresh, "refresh");
    (await getRevocationView()).doubt(claims.sid);
    return { sessionId: claims.sid, jti: claims.jti };
  } catch (error) {
    if (isCredentialRejected(error)) return null;
    throw error;
  }
}

/** Logs a browser out of whatever session its cookie named; a token that is already dead is fine. */
export async function endSessionQuietly(refresh: string, meta: RequestMeta): Promise<void> {
  await endSession(refresh, meta).catch((error: unknown) => {
    if (!isCredentialRejected(error)) throw error;
  });
}

/**
 * "Sign out everywhere": every session of the caller ends, the one making the request too, and every
 * remembered browser is forgotten. Returns how many sessions ended.
 */
export async function endAllSessions(principal: Principal, meta: RequestMeta): Promise<number> {
  return withTransaction(async (tx) => {
    const ended = await endSessions({ allOf: principal.user.id }, "logout_everywhere", tx);
    await recordAuditEvent("logout_everywhere", meta, { userId: principal.user.id, sessionId: principal.sessionId, detail: { sessionsEnded: ended } }, tx);
    await forgetTrustedBrowsers(principal.user.id, "logout_everywhere", meta, { sessionId: principal.sessionId, tx });
    return ended;
  });
}
