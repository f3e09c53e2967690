import "server-only";
import { recordAuditEvent } from "@/lib/db/audit";
import type { RequestMeta } from "@/lib/request-meta";
import { listActiveSessions, type SessionSummary } from "@/lib/db/sessions";
import { withTransaction } from "@/lib/db/transaction";
import { AppError } from "@/lib/errors";
import type { Principal } from "@/lib/auth/principal";
import { describeUserAgent } from "@/lib/auth/devices";
import { endSessions } from "@/lib/auth/session/end";

export interface SessionListItem {
  id: string;
  current: boolean;
  /** A short human name for the user agent ("Firefox on Linux"), "Unknown device" when not recognised. */
  device: string;
  created_at: string;
  last_used_at: string;
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
}

/** A session as the dashboard shows it. */
export interface SessionView {
  id: string;
  isCurrent: boolean;
  device: string;
  ip: string | null;
  createdAt: Date;
  lastUsedAt: Date;
}

function toSessionView(session: SessionSummary, principal: Principal): SessionView {
  return {
    id: session.id,
    isCurrent: session.id === principal.sessionId,
    device: describeUserAgent(session.userAgent),
    ip: session.ip,
    createdAt: session.createdAt,
    lastUsedAt: session.lastUsedAt,
  };
}

/** The caller's live sessions for the dashboard: the one in use first, it is the one people look for. */
export async function listSessionViews(principal: Principal): Promise<SessionView[]> {
  const views = (await listActiveSessions(principal.user.id)).map((session) => toSessionView(session, principal));
  views.sort((a, b) => Number(b.isCurrent) - Number(a.isCurrent));
  return views;
}

/** The caller's live sessions, newest activity first (the API's shape). */
export async function listUserSessions(principal: Principal): Promise<SessionListItem[]> {
  const sessions = await listActiveSessions(principal.user.id);
  return sessions.map((session) => ({
    id: session.id,
    current: session.id === principal.sessionId,
    device: describeUserAgent(session.userAgent),
    created_at: session.createdAt.toISOString(),
    last_used_at: session.lastUsedAt.toISOString(),
    expires_at: session.expiresAt.toISOString(),
    ip: session.ip,
    user_agent: session.userAgent,
  }));
}

/** Ends one of the caller's sessions (a lost phone, a shared computer); someone else's is "not found". */
export async function revokeUserSession(principal: Principal, sessionId: string, meta: RequestMeta): Promise<void> {
  const isRevoked = await withTransaction(async (tx) => {
    const isEnded = (await endSessions({ session: sessionId, ofUser: principal.user.id }, "revoked_by_user", tx)) === 1;
    if (isEnded) await recordAuditEvent("session_revoked", meta, { userId: principal.user.id, sessionId }, tx);
    return isEnded;
  });
  if (!isRevoked) throw new AppError("not_found", { detail: "No such active session." });
}

/** "Sign out everywhere else": every session of the caller but the one making the request ends. Returns how many. */
export async function revokeOtherSessions(principal: Principal, meta: RequestMeta): Promise<number> {
  return withTransaction(async (tx) => {
    const ended = await endSessions({ allOf: principal.user.id, except: principal.sessionId }, "revoked_by_user", tx);
    await recordAuditEvent("other_sessions_revoked", meta, { userId: principal.user.id, sessionId: principal.sessionId, detail: { sessionsEnded: ended } }, tx);
    return ended;
  });
}
