import "server-only";
import { findAuditEventOfUser, recordAuditEvent, type AuditEventSummary } from "@/lib/db/audit";
import { withTransaction } from "@/lib/db/transaction";
import { AppError, isAppError } from "@/lib/errors";
import type { RequestMeta } from "@/lib/request-meta";
import type { Principal } from "@/lib/auth/principal";
import { removeReportedPasskey } from "@/lib/auth/passkeys/manage";
import { requestPasswordReset } from "@/lib/auth/password-reset";
import { endSessions } from "@/lib/auth/session";
import { forgetTrustedBrowsers } from "@/lib/auth/trusted-browsers";

export interface SecureAccountResult {
  detail: string;
  sessions_ended: number;
  reset_code_sent: boolean;
}

const SENT = "Every session of your account has ended. A code to reset your password is on its way to your email address.";
const RECENTLY_SENT = "Every session of your account has ended. A code to reset your password was emailed moments ago: use it, or ask for a new one on the reset page.";
const NOT_SENT = "Every session of your account has ended. We could not send a reset code right now: ask for one on the reset page.";

async function findReportedEvent(principal: Principal, eventId: string | undefined): Promise<AuditEventSummary | null> {
  if (eventId === undefined) return null;
  const event = await findAuditEventOfUser(BigInt(eventId), principal.user.id);
  if (!event) throw new AppError("not_found", { detail: "No such security event on your account." });
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

/**
 * "This wasn't me": someone else may hold this account. Every session ends (this one too) in one
 * transaction with its audit row, naming the event the owner did not recognise (a passkey's addition: that
 * passkey goes too, since it signs in without the password); then a password-reset code goes to the
 * account's address, so whoever knows the password can be locked out for good.
 */
export async function secureAccount(principal: Principal, input: { event_id?: string }, meta: RequestMeta): Promise<SecureAccountResult> {
  const { user } = principal;
  const reported = await findReportedEvent(principal, input.event_id);
  const ended = await withTransaction(async (tx) => {
    const ended = await endSessions({ allOf: user.id }, "account_secured", tx);
    if (reported) await removeReportedPasskey(user.id, reported, meta, principal.sessionId, tx);
    const reportedEvent = reported ? { id: reported.id.toString(), event: reported.event, createdAt: reported.createdAt.toISOString(), ip: reported.ip } : null;
    await recordAuditEvent("account_secured", meta, { userId: user.id, sessionId: principal.sessionId, detail: { sessionsEnded: ended, reportedEvent } }, tx);
    await forgetTrustedBrowsers(user.id, "account_secured", meta, { sessionId: principal.sessionId, tx });
    return ended;
  });
  const resetCode = await sendResetCode(user.email, meta);
  const detail = resetCode === "sent" ? SENT : resetCode === "recently_sent" ? RECENTLY_SENT : NOT_SENT;
  return { detail, sessions_ended: ended, reset_code_sent: resetCode === "sent" };
}
