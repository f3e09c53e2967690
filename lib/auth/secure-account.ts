import "server-only";
import { describeForOwner } from "@/lib/audit/describe";
import { findAuditEventOfUser, recordAuditEvent, type AuditEventSummary } from "@/lib/db/audit";
import { withTransaction } from "@/lib/db/transaction";
import { AppError, isAppError } from "@/lib/errors";
import type { RequestMeta } from "@/lib/request-meta";
import { removeReportedTotp, type ReportedFactor, type ReportedRemoval } from "@/lib/auth/mfa";
import type { Principal } from "@/lib/auth/principal";
import { removeReportedPasskey } from "@/lib/auth/passkeys/manage";
import { requestPasswordReset } from "@/lib/auth/password-reset";
import { endSessions } from "@/lib/auth/session";
import { forgetTrustedBrowsers } from "@/lib/auth/trusted-browsers";

export interface SecureAccountResult {
  detail: string;
  sessions_ended: number;
  reset_code_sent: boolean;
  /** The second factors the reported event added (or used), removed with the sessions: empty for other events. */
  second_factors_removed: ReportedFactor[];
}

const SENT = "Every session of your account has ended. A code to reset your password is on its way to your email address.";
const RECENTLY_SENT = "Every session of your account has ended. A code to reset your password was emailed moments ago: use it, or ask for a new one on the reset page.";
const NOT_SENT = "Every session of your account has ended. We could not send a reset code right now: ask for one on the reset page.";

async function findReportedEvent(principal: Principal, eventId: string | undefined): Promise<AuditEventSummary | null> {
  if (eventId === undefined) return null;
  const event = await findAuditEventOfUser(BigInt(eventId), principal.user.id);
  if (!event) throw new AppError("not_found", { detail: "No such security event on your account." });
  // What the dashboard offers no "This wasn't me" for (the account's creation, a sign-out, an operator's act).
  if (!describeForOwner(event.event, null).isReportable) {
    throw new AppError("validation_error", { errors: { event_id: ["This event is not one to report: report the sign-in or change you do not recognise."] } });
  }
  return event;
}

/** Asks for a reset code with the same cooldown and budgets as POST /api/password/reset/. */
async function sendResetCode(email: string, meta: RequestMeta): Promise<"sent" | "recently_sent" | "not_sent"> {
  try {
    await requestPasswordReset({ email }, meta);
    return "sent";
  } catch (error) {
    if (isAppError(error) && error.code === "otp_cooldown") return "recently_sent";
    if (isAppError(error) && error.code === "rate_limited") return "not_sent";
    throw error;
  }
}

/** The sentence that tells the owner which second factors went, and what signing in needs now. */
function describeRemoval(removal: ReportedRemoval | null, event: string): string {
  if (!removal || removal.removed.length === 0) return "";
  const passkey = event === "passkey_added" ? "the passkey added then" : "the passkey that signed in then";
  const names = { passkey, totp: "the authenticator app added then", recovery_codes: "your recovery codes" };
  const subject = removal.removed.map((factor) => names[factor]).join(" and ");
  const verb = removal.removed.length > 1 || removal.removed[0] === "recovery_codes" ? "are" : "is";
  const after = removal.wasLastFactor ? ": your account has no second factor left, so signing in needs only your password until you set one up again on your dashboard." : ".";
  return ` ${subject[0]!.toUpperCase()}${subject.slice(1)} ${verb} removed${after}`;
}

/**
 * "This wasn't me": someone else may hold this account. Every session ends (this one too) in one
 * transaction with its audit row, naming the event the owner did not recognise. A second factor that event
 * added goes with them, since a password reset alone would leave whoever holds it signing in (a passkey) or
 * passing the second step and keeping the owner out (an authenticator app, with the recovery codes shown at
 * its enrolment). Then a password-reset code goes to the account's address, so whoever knows the password
 * can be locked out for good.
 */
export async function secureAccount(principal: Principal, input: { event_id?: string }, meta: RequestMeta): Promise<SecureAccountResult> {
  const { user } = principal;
  const reported = await findReportedEvent(principal, input.event_id);
  const { ended, removal } = await withTransaction(async (tx) => {
    const ended = await endSessions({ allOf: user.id }, "account_secured", tx);
    const removal = reported
      ? ((await removeReportedPasskey(user.id, reported, meta, principal.sessionId, tx)) ?? (await removeReportedTotp(user.id, reported, meta, principal.sessionId, tx)))
      : null;
    const reportedEvent = reported ? { id: reported.id.toString(), event: reported.event, createdAt: reported.createdAt.toISOString(), ip: reported.ip } : null;
    const detail = { sessionsEnded: ended, reportedEvent, secondFactorsRemoved: removal?.removed ?? [] };
    await recordAuditEvent("account_secured", meta, { userId: user.id, sessionId: principal.sessionId, detail }, tx);
    await forgetTrustedBrowsers(user.id, "account_secured", meta, { sessionId: principal.sessionId, tx });
    return { ended, removal };
  });
  const resetCode = await sendResetCode(user.email, meta);
  const sent = resetCode === "sent" ? SENT : resetCode === "recently_sent" ? RECENTLY_SENT : NOT_SENT;
  const detail = sent + describeRemoval(removal, reported?.event ?? "");
  return { detail, sessions_ended: ended, reset_code_sent: resetCode === "sent", second_factors_removed: removal?.removed ?? [] };
}
