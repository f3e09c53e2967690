import "server-only";
import { runInBackground } from "@/lib/background";
import { recordAuditEvent } from "@/lib/db/audit";
import { findNoticeRecipient } from "@/lib/db/notice-recipients";
import { sendEmail } from "@/lib/email/send-email";
import { securityNoticeEmail, type SecurityNotice } from "@/lib/email/templates";
import type { RequestMeta } from "@/lib/request-meta";
import { describeUserAgent } from "@/lib/auth/devices";

const RESET_ADVICE = "Reset your password now with \"Forgot your password?\" on the sign-in page, which signs out every device.";

export type SecurityEvent =
  | { kind: "new_device" }
  | { kind: "password_changed" }
  | { kind: "password_reset" }
  /** To the address the account had before: `newEmail` is where it went. */
  | { kind: "email_changed"; previousEmail: string; newEmail: string }
  /** `sessionId`: the session that was ended because one of its refresh tokens came back. */
  | { kind: "refresh_token_reused"; sessionId: string };

function describeEvent(event: SecurityEvent, endedDevice: string): SecurityNotice {
  switch (event.kind) {
    case "new_device":
      return {
        subject: "New sign-in to your account",
        happened: "Your account was just signed in to from a device it has not used before.",
        ifNotYou: `someone knows your password. ${RESET_ADVICE}`,
      };
    case "password_changed":
      return {
        subject: "Your password was changed",
        happened: "The password of your account was changed, and every other device was signed out.",
        ifNotYou: `someone was signed in to your account and knew your password. ${RESET_ADVICE}`,
      };
    case "password_reset":
      return {
        subject: "Your password was reset",
        happened: "The password of your account was reset with a code sent to this address, and every device was signed out.",
        ifNotYou: `someone can read this mailbox. Change the password of your email account first. Then ${RESET_ADVICE.charAt(0).toLowerCase()}${RESET_ADVICE.slice(1)}`,
      };
    case "email_changed":
      return {
        subject: "The email address of your account was changed",
        happened: `The email address of your account was changed from ${event.previousEmail} to ${event.newEmail}. This address no longer signs in to it, and every other device was signed out.`,
        ifNotYou:
          "someone who knew your password took the account. Tell the people who run this service at once, writing from this address, and change that password wherever else you use it.",
      };
    case "refresh_token_reused":
      return {
        subject: "A session of your account was signed out",
        happened: `An old sign-in token of your session on ${endedDevice} was presented again, which happens when a token has been copied. We signed that session out; sign in again on that device.`,
        ifNotYou: `someone may have copied data from that device. ${RESET_ADVICE}`,
      };
  }
}

/**
 * Emails the account about something that just happened to it, after the response; a failure is logged
 * and audited. Only a verified address is written to: an unverified one may be a stranger's (a typo).
 */
export function sendSecurityEmail(userId: string, event: SecurityEvent, meta: RequestMeta): void {
  const context = { at: new Date(), device: describeUserAgent(meta.userAgent), ip: meta.ip };
  runInBackground(async () => {
    const recipient = await findNoticeRecipient(userId, event.kind === "refresh_token_reused" ? event.sessionId : undefined);
    if (!recipient) return;
    const to = event.kind === "email_changed" ? event.previousEmail : recipient.email;
    if (event.kind !== "email_changed" && !recipient.isVerified) return;
    const message = securityNoticeEmail(to, recipient.userName, describeEvent(event, describeUserAgent(recipient.sessionUserAgent)), context);
    const result = await sendEmail(message);
    if (result.ok) return;
    console.error(`[email] could not send the ${event.kind} notice to user ${userId}: ${result.reason}`);
    await recordAuditEvent("security_email_failed", meta, { userId, detail: { kind: event.kind, reason: result.reason.slice(0, 200) } });
  });
}
