import "server-only";
import { describeForOwner } from "@/lib/audit/describe";
import { listAuditEvents, listAuditEventsBefore, type AuditEventSummary } from "@/lib/db/audit";
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
  /** A sign-in made with a passkey, which "This wasn't me" removes with the sessions (lib/auth/passkeys/manage.ts). */
  isPasskeySignIn: boolean;
  createdAt: Date;
  ip: string | null;
  device: string;
}

/** What the dashboard shows a verified user: their own live sessions and recent security events. */
export interface AccountOverview {
  sessions: SessionView[];
  events: SecurityEventView[];
}

function readPurpose(detail: AuditEventSummary["detail"]): string | null {
  if (typeof detail !== "object" || detail === null || Array.isArray(detail)) return null;
  return typeof detail.purpose === "string" ? detail.purpose : null;
}

/** A sign-in row's `amr`: how it was made. */
function readMethods(detail: AuditEventSummary["detail"]): string[] | null {
  if (typeof detail !== "object" || detail === null || Array.isArray(detail) || !Array.isArray(detail.amr)) return null;
  return detail.amr.filter((method): method is string => typeof method === "string");
}

/** A sign-in row names the passkey that made it. */
function hasPasskeyId(detail: AuditEventSummary["detail"]): boolean {
  return typeof detail === "object" && detail !== null && !Array.isArray(detail) && typeof detail.passkeyId === "string";
}

function toSecurityEventView(event: AuditEventSummary): SecurityEventView {
  const { label, isWarning, isReportable, isByOperator } = describeForOwner(event.event, readPurpose(event.detail), readMethods(event.detail));
  return {
    id: event.id.toString(),
    event: event.event,
    label,
    isWarning,
    isReportable,
    isPasskeySignIn: event.event === "login_succeeded" && hasPasskeyId(event.detail),
    createdAt: event.createdAt,
    // An operator's own address and browser are not the account owner's to see.
    ...(isByOperator ? { ip: null, device: "Administrator" } : { ip: event.ip, device: describeUserAgent(event.userAgent) }),
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
