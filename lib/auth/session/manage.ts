import "server-only";
import { recordAuditEvent } from "@/lib/db/audit";
import type { RequestMeta } from "@/lib/request-meta";
import { listActiveSessions, revokeSessionOfUser } from "@/lib/db/sessions";
import { withTransaction } from "@/lib/db/transaction";
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

/** A session as the dashboard shows it. */
export interface SessionView {
  id: string;
  isCurrent: boolean;
  device: string;
  ip: string | null;
  createdAt: Date;
  lastUsedAt: Date;
}

const browsers: [RegExp, string][] = [
  [/Edg(A|iOS)?\//, "Edge"],
  [/OPR\//, "Opera"],
  [/Firefox\/|FxiOS\//, "Firefox"],
  [/Chrom(e|ium)\/|CriOS\//, "Chrome"],
  [/Safari\//, "Safari"],
  [/^curl\//, "curl"],
];

const systems: [RegExp, string][] = [
  [/Android/, "Android"],
  [/iPhone|iPad|iPod/, "iOS"],
  [/Windows/, "Windows"],
  [/Mac OS X|Macintosh/, "macOS"],
  [/CrOS/, "ChromeOS"],
  [/Linux/, "Linux"],
];

/** A short human name for a User-Agent ("Chrome on Linux"); never the raw string, which is noise to people. */
export function describeUserAgent(userAgent: string | null): string {
  if (!userAgent) return "Unknown device";
  const browser = browsers.find(([pattern]) => pattern.test(userAgent))?.[1];
  const system = systems.find(([pattern]) => pattern.test(userAgent))?.[1];
  if (browser && system) return `${browser} on ${system}`;
  return browser ?? system ?? "API client";
}

/** The caller's live sessions for the dashboard: the one in use first, it is the one people look for. */
export async function listSessionViews(principal: Principal): Promise<SessionView[]> {
  const sessions = await listActiveSessions(principal.user.id);
  const views = sessions.map(
    (session): SessionView => ({
      id: session.id,
      isCurrent: session.id === principal.sessionId,
      device: describeUserAgent(session.userAgent),
      ip: session.ip,
      createdAt: session.createdAt,
      lastUsedAt: session.lastUsedAt,
    }),
  );
  views.sort((a, b) => Number(b.isCurrent) - Number(a.isCurrent));
  return views;
}

/** The caller's live sessions, newest activity first (the API's shape). */
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
  const isRevoked = await withTransaction(async (tx) => {
    const isEnded = await revokeSessionOfUser(sessionId, principal.user.id, "revoked_by_user", tx);
    if (isEnded) await recordAuditEvent("session_revoked", meta, { userId: principal.user.id, sessionId }, tx);
    return isEnded;
  });
  if (!isRevoked) throw new AppError("not_found", { detail: "No such active session." });
}
