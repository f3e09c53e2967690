import "server-only";
import { auditEvents } from "@/lib/audit/events";
import { runInBackground } from "@/lib/background";
import { recordAuditEvent } from "@/lib/db/audit";
import { findNoticeRecipient } from "@/lib/db/notice-recipients";
import { sendEmail } from "@/lib/email/send-email";
import { securityNoticeEmail, type SecurityNotice } from "@/lib/email/templates";
import type { RequestMeta } from "@/lib/request-meta";
import { describeUserAgent } from "@/lib/auth/devices";
import type { AuthMethod } from "@/lib/auth/sign-in/authentication";

export type SecurityEvent =
  /** A sign-in (`login_succeeded`) from a device the account has not used before: how (its amr, and the passkey's name when one signed in). */
  | { kind: "new_device"; methods: readonly AuthMethod[]; passkeyName: string | null }
  | { kind: "password_changed" }
  | { kind: "password_reset" }
  /** To the address the account had before: `newEmail` is where it went. */
  | { kind: "email_changed"; previousEmail: string; newEmail: string }
  /** `sessionId`: the session that was ended because one of its refresh tokens came back. */
  | { kind: "refresh_token_reused"; sessionId: string }
  /** A passkey was added to or removed from the account; `name` is its name. */
  | { kind: "passkey_added" | "passkey_removed"; name: string }
  /** An authenticator app was turned on (the account's first factor) or added beside a passkey; removed with the recovery codes (the last factor) or beside a passkey. */
  | { kind: "mfa_enabled" | "totp_added" }
  | { kind: "mfa_disabled" | "totp_removed" }
  /** `remaining`: the unused recovery codes left after this one. */
  | { kind: "recovery_code_used"; remaining: number }
  | { kind: "recovery_codes_regenerated" }
  /** An administrator removed every second factor of the account (`meta` is the operator's request: not shown). */
  | { kind: "mfa_disabled_by_admin" }
  /** An administrator removed one passkey (`name`); `wasLastFactor`: the recovery codes went with it. */
  | { kind: "passkey_removed_by_admin"; name: string; wasLastFactor: boolean };

/** The wording is the catalogue's, of the audit event the email is about. */
function describeNotice(event: SecurityEvent, endedDevice: string): SecurityNotice {
  switch (event.kind) {
    case "new_device":
      return auditEvents.login_succeeded.email(event);
    case "password_changed":
    case "password_reset":
    case "mfa_enabled":
    case "totp_added":
    case "mfa_disabled":
    case "totp_removed":
    case "recovery_codes_regenerated":
      return auditEvents[event.kind].email();
    case "recovery_code_used":
      return auditEvents.recovery_code_used.email(event);
    case "email_changed":
      return auditEvents.email_changed.email(event);
    case "refresh_token_reused":
      return auditEvents.refresh_token_reused.email({ endedDevice });
    case "passkey_added":
    case "passkey_removed":
      return auditEvents[event.kind].email(event);
    case "mfa_disabled_by_admin":
      return auditEvents.mfa_disabled_by_admin.email();
    case "passkey_removed_by_admin":
      return auditEvents.passkey_removed_by_admin.email(event);
  }
}

/**
 * Emails the account about something that just happened to it, after the response; a failure is logged
 * and audited. Only a verified address is written to: an unverified one may be a stranger's (a typo).
 */
export function sendSecurityEmail(userId: string, event: SecurityEvent, meta: RequestMeta): void {
  // An operator's browser and address are not the owner's business (the dashboard shows "Administrator" too).
  const isByOperator = event.kind === "mfa_disabled_by_admin" || event.kind === "passkey_removed_by_admin";
  const context = { at: new Date(), device: isByOperator ? "Administrator" : describeUserAgent(meta.userAgent), ip: isByOperator ? null : meta.ip };
  runInBackground(async () => {
    const recipient = await findNoticeRecipient(userId, event.kind === "refresh_token_reused" ? event.sessionId : undefined);
    if (!recipient) return;
    const to = event.kind === "email_changed" ? event.previousEmail : recipient.email;
    if (event.kind !== "email_changed" && !recipient.isVerified) return;
    const message = securityNoticeEmail(to, recipient.userName, describeNotice(event, describeUserAgent(recipient.sessionUserAgent)), context);
    const result = await sendEmail(message);
    if (result.ok) return;
    console.error(`[email] could not send the ${event.kind} notice to user ${userId}: ${result.reason}`);
    await recordAuditEvent("security_email_failed", meta, { userId, detail: { kind: event.kind, reason: result.reason.slice(0, 200) } });
  });
}
