import "server-only";
import { recordAuditEvent } from "@/lib/db/audit";
import type { RequestMeta } from "@/lib/request-meta";
import { listActiveSessions, revokeSessionOfUser } from "@/lib/db/sessions";
import { AppError } from "@/lib/errors";
import type { Principal } from "@/lib/auth/principal";

export interface SessionListItem {
  id: string;
  current: boolean;
  created_at: string;
  last_used_at: string;
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
}

/** The caller's live sessions, newest activity first. */
export async function listUserSessions(principal: Principal): Promise<SessionListItem[]> {
  const sessions = await listActiveSessions(principal.user.id);
  return sessions.map((session) => ({
    id: session.id,
    current: session.id === principal.sessionId,
    created_at: session.createdAt.toISOString(),
    last_used_at: session.lastUsedAt.toISOString(),
    expires_at: session.expiresAt.toISOString(),
    ip: session.ip,
    user_agent: session.userAgent,
  }));
}

/** Ends one of the caller's sessions (a lost phone, a shared computer); someone else's is "not found". */
export async function revokeUserSession(principal: Principal, sessionId: string, meta: RequestMeta): Promise<void> {
  const isRevoked = await revokeSessionOfUser(sessionId, principal.user.id, "revoked_by_user");
  if (!isRevoked) throw new AppError("not_found", { detail: "No such active session." });
  await recordAuditEvent("session_revoked", meta, { userId: principal.user.id, sessionId });
}
