import "server-only";
import { listAuditEvents, type AuditEventName } from "@/lib/db/audit";
import { listActiveSessions } from "@/lib/db/sessions";
import type { Principal } from "@/lib/auth/principal";

/** What the dashboard shows a verified user: their own live sessions and recent security events. */
export interface SessionView {
  id: string;
  isCurrent: boolean;
  device: string;
  ip: string | null;
  createdAt: Date;
  lastUsedAt: Date;
}

export interface SecurityEventView {
  label: string;
  isWarning: boolean;
  createdAt: Date;
  ip: string | null;
}

export interface AccountOverview {
  sessions: SessionView[];
  events: SecurityEventView[];
}

const eventLabels: Record<AuditEventName, { label: string; isWarning: boolean }> = {
  user_registered: { label: "Account created", isWarning: false },
  login_succeeded: { label: "Signed in", isWarning: false },
  login_failed: { label: "Failed sign-in attempt", isWarning: true },
  email_verified: { label: "Email address verified", isWarning: false },
  otp_failed: { label: "Wrong verification code entered", isWarning: true },
  otp_sent: { label: "Verification code sent", isWarning: false },
  email_failed: { label: "Verification email could not be sent", isWarning: true },
  refresh_token_reused: { label: "Old sign-in token reused: that session was signed out", isWarning: true },
  session_revoked: { label: "Session signed out", isWarning: false },
  logout: { label: "Signed out", isWarning: false },
  password_changed: { label: "Password changed: your other sessions were signed out", isWarning: false },
  password_reset: { label: "Password reset with an emailed code: every session was signed out", isWarning: true },
};

function isKnownEvent(event: string): event is AuditEventName {
  return Object.hasOwn(eventLabels, event);
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

export async function getAccountOverview(principal: Principal): Promise<AccountOverview> {
  const [sessions, events] = await Promise.all([listActiveSessions(principal.user.id), listAuditEvents(principal.user.id, 15)]);
  const sessionViews = sessions.map(
    (session): SessionView => ({
      id: session.id,
      isCurrent: session.id === principal.sessionId,
      device: describeUserAgent(session.userAgent),
      ip: session.ip,
      createdAt: session.createdAt,
      lastUsedAt: session.lastUsedAt,
    }),
  );
  // The session in use first: it is the one people look for.
  sessionViews.sort((a, b) => Number(b.isCurrent) - Number(a.isCurrent));
  const eventViews = events.map(
    (event): SecurityEventView => ({
      ...(isKnownEvent(event.event) ? eventLabels[event.event] : { label: event.event.replaceAll("_", " "), isWarning: false }),
      createdAt: event.createdAt,
      ip: event.ip,
    }),
  );
  return { sessions: sessionViews, events: eventViews };
}
