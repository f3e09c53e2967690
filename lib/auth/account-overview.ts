import "server-only";
import { listAuditEvents, listAuditEventsBefore, type AdminEventName, type AuditEventName, type AuditEventSummary } from "@/lib/db/audit";
import type { Principal } from "@/lib/auth/principal";
import { describeUserAgent } from "@/lib/auth/devices";
import { listSessionViews, type SessionView } from "@/lib/auth/session/manage";

export interface SecurityEventView {
  /** The audit row's id, for "This wasn't me" (POST /api/account/secure/ `event_id`). */
  id: string;
  /** The audit event's name (`login_succeeded`, ...), for clients that word it themselves. */
  event: string;
  label: string;
  isWarning: boolean;
  /** Whether the owner can say "This wasn't me" about it: something a person did, not our own bookkeeping. */
  isReportable: boolean;
  createdAt: Date;
  ip: string | null;
  device: string;
}

/** What the dashboard shows a verified user: their own live sessions and recent security events. */
export interface AccountOverview {
  sessions: SessionView[];
  events: SecurityEventView[];
}

const eventLabels: Record<AuditEventName, { label: string; isWarning: boolean }> = {
  user_registered: { label: "Account created", isWarning: false },
  email_change_requested: { label: "Email change requested", isWarning: false },
  email_changed: { label: "Email address changed: your other sessions were signed out", isWarning: true },
  security_email_failed: { label: "A security notice could not be emailed", isWarning: true },
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
  other_sessions_revoked: { label: "Signed out everywhere else", isWarning: false },
  logout_everywhere: { label: "Signed out everywhere", isWarning: false },
  account_secured: { label: "Reported as not you: every session was signed out and a reset code sent", isWarning: true },
};

/** What operators did, as the account's owner reads it. The owner cannot report these as "not me". */
const adminEventLabels: Record<AdminEventName, { label: string; isWarning: boolean }> = {
  deactivated_by_admin: { label: "Account deactivated by an administrator: every session was signed out", isWarning: true },
  reactivated_by_admin: { label: "Account reactivated by an administrator", isWarning: false },
  verified_by_admin: { label: "Email address marked verified by an administrator", isWarning: false },
  unverified_by_admin: { label: "Email verification withdrawn by an administrator", isWarning: true },
  verification_code_sent_by_admin: { label: "An administrator sent you a verification code", isWarning: false },
  password_reset_code_sent_by_admin: { label: "An administrator sent you a password reset code", isWarning: true },
  session_ended_by_admin: { label: "A session was signed out by an administrator", isWarning: true },
  sessions_ended_by_admin: { label: "Every session was signed out by an administrator", isWarning: true },
  staff_granted_by_admin: { label: "Administrator access granted", isWarning: true },
  staff_removed_by_admin: { label: "Administrator access removed", isWarning: false },
  account_deleted_by_admin: { label: "Account deleted by an administrator", isWarning: true },
  superuser_created_by_cli: { label: "Account created as an administrator from the command line", isWarning: false },
  superuser_granted_by_cli: { label: "Administrator access granted from the command line", isWarning: true },
  superuser_created_by_setup_link: { label: "Account created as the first administrator with the server's setup link", isWarning: false },
};

const allEventLabels: Record<AuditEventName | AdminEventName, { label: string; isWarning: boolean }> = { ...eventLabels, ...adminEventLabels };

/** Events about codes say which kind of code (the purpose is in the audit row's detail). */
const codeKinds: Record<string, string> = {
  verify_email: "Verification code",
  reset_password: "Password reset code",
  change_email: "Email change code",
};

const codeEventLabels: Partial<Record<AuditEventName | AdminEventName, (kind: string) => string>> = {
  otp_sent: (kind) => `${kind} sent`,
  otp_failed: (kind) => `Wrong ${kind.toLowerCase()} entered`,
  email_failed: (kind) => `${kind} could not be emailed`,
};

// Signing out only ever ends the signer's own access: nobody else can harm the account that way.
const unreportable = new Set<string>(["user_registered", "logout", "account_secured", "email_failed", "security_email_failed", ...Object.keys(adminEventLabels)]);

function isKnownEvent(event: string): event is AuditEventName | AdminEventName {
  return Object.hasOwn(allEventLabels, event);
}

function readPurpose(detail: AuditEventSummary["detail"]): string | null {
  if (typeof detail !== "object" || detail === null || Array.isArray(detail)) return null;
  return typeof detail.purpose === "string" ? detail.purpose : null;
}

function describeEvent(event: AuditEventSummary): { label: string; isWarning: boolean } {
  if (!isKnownEvent(event.event)) return { label: event.event.replaceAll("_", " "), isWarning: false };
  const known = allEventLabels[event.event];
  const byKind = codeEventLabels[event.event];
  const kind = codeKinds[readPurpose(event.detail) ?? ""];
  // Rows written before the purpose was recorded name no kind rather than a wrong one.
  return byKind ? { ...known, label: byKind(kind ?? "One-time code") } : known;
}

function toSecurityEventView(event: AuditEventSummary): SecurityEventView {
  return {
    id: event.id.toString(),
    event: event.event,
    ...describeEvent(event),
    isReportable: !unreportable.has(event.event),
    createdAt: event.createdAt,
    // An operator's own address and browser are not the account owner's to see.
    ...(Object.hasOwn(adminEventLabels, event.event) ? { ip: null, device: "Administrator" } : { ip: event.ip, device: describeUserAgent(event.userAgent) }),
  };
}

export async function getAccountOverview(principal: Principal): Promise<AccountOverview> {
  const [sessions, events] = await Promise.all([listSessionViews(principal), listAuditEvents(principal.user.id, 15)]);
  return { sessions, events: events.map(toSecurityEventView) };
}

export interface SecurityEventPage {
  events: SecurityEventView[];
  /** The id to pass as `cursor` for the next page; null on the last one. */
  nextCursor: string | null;
}

/** The caller's own security events, as the dashboard describes them, newest first, a page at a time (GET /api/events/). */
export async function listSecurityEvents(principal: Principal, page: { cursor: string | null; limit: number }): Promise<SecurityEventPage> {
  const rows = await listAuditEventsBefore(principal.user.id, page.cursor === null ? null : BigInt(page.cursor), page.limit + 1);
  const events = rows.slice(0, page.limit).map(toSecurityEventView);
  return { events, nextCursor: rows.length > page.limit ? (events.at(-1)?.id ?? null) : null };
}
