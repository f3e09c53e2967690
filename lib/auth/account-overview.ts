import "server-only";
import { listAuditEvents, type AuditEventName } from "@/lib/db/audit";
import type { Principal } from "@/lib/auth/principal";
import { listSessionViews, type SessionView } from "@/lib/auth/session/manage";

export interface SecurityEventView {
  label: string;
  isWarning: boolean;
  createdAt: Date;
  ip: string | null;
}

/** What the dashboard shows a verified user: their own live sessions and recent security events. */
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



export async function getAccountOverview(principal: Principal): Promise<AccountOverview> {
  const [sessions, events] = await Promise.all([listSessionViews(principal), listAuditEvents(principal.user.id, 15)]);
  const eventViews = events.map(
    (event): SecurityEventView => ({
      ...(isKnownEvent(event.event) ? eventLabels[event.event] : { label: event.event.replaceAll("_", " "), isWarning: false }),
      createdAt: event.createdAt,
      ip: event.ip,
    }),
  );
  return { sessions, events: eventViews };
}
