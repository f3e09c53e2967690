import "server-only";
import { runInBackground } from "@/lib/background";
import { recordAuditEvent } from "@/lib/db/audit";
import { cancelOtpChallenges, consumeOtpChallenge } from "@/lib/db/otp-challenges";
import { withTransaction } from "@/lib/db/transaction";
import { findUserByEmail, isUniqueViolation, replaceEmail } from "@/lib/db/users";
import { sendEmail } from "@/lib/email/send-email";
import { emailInUseEmail } from "@/lib/email/templates";
import { normalizeEmail, toEmailKey } from "@/lib/identifiers";
import { AppError } from "@/lib/errors";
import type { RequestMeta } from "@/lib/request-meta";
import type { EmailChangeConfirmInput, EmailChangeInput } from "@/lib/validation/auth";
import { requireRecentSecondFactor } from "@/lib/auth/assurance";
import type { Principal } from "@/lib/auth/principal";
import { checkCode, clearCodeAttempts, codePurposes, replaceCode } from "@/lib/auth/codes";
import { assertIpWithinLimit, consumeLimit } from "@/lib/auth/rate-limit";
import { confirmCurrentPassword } from "@/lib/auth/reauthenticate";
import { sendSecurityEmail } from "@/lib/auth/security-emails";
import { endSessions, renewPairInSession, signPair } from "@/lib/auth/session";
import type { TokenPair } from "@/lib/auth/tokens";

/**
 * Starts an email change: after the password, a code goes to the new address (the only proof that it
 * belongs to the caller). The answer, and its timing, are the same whether or not the address already
 * has an account: its owner then gets a notice instead of a code, and the caller's earlier code dies
 * either way. Works for an unverified account too (a typo at registration), with the same rules.
 */
export async function requestEmailChange(principal: Principal, input: EmailChangeInput, meta: RequestMeta): Promise<{ detail: string }> {
  const { user } = principal;
  await assertIpWithinLimit("resendIp", meta.ip);
  await requireRecentSecondFactor(principal);
  await confirmCurrentPassword(principal, input.password, meta, "password");
  if (toEmailKey(input.new_email) === toEmailKey(user.email)) {
    throw new AppError("validation_error", { errors: { new_email: ["This is already the address of your account."] } });
  }
  const cooldown = await consumeLimit(codePurposes.change_email.limiters.cooldown, toEmailKey(user.email));
  if (!cooldown.isAllowed) throw new AppError("otp_cooldown", { retryAfterSeconds: cooldown.retryAfter });
  const target = normalizeEmail(input.new_email);
  // A new per-code budget whether or not a code goes out: renewed only with a code, it told taken addresses apart.
  await clearCodeAttempts(user.email, "change_email");
  await recordAuditEvent("email_change_requested", meta, { userId: user.id, sessionId: principal.sessionId });
  runInBackground(async () => {
    const owner = await findUserByEmail(target);
    if (!owner) return replaceCode(user, meta, "change_email", target);
    await cancelOtpChallenges(user.id, "change_email");
    // Any number of accounts may name one address: its owner hears of it once an hour at most (the answer
    // above is the same either way, so the limit tells the callers nothing).
    if (!(await consumeLimit("emailInUseNotice", toEmailKey(owner.email))).isAllowed) return;
    const result = await sendEmail(emailInUseEmail(owner.email));
    if (!result.ok) console.error(`[email] could not send the address-in-use notice for user ${user.id}: ${result.reason}`);
  });
  return { detail: `We sent a code to ${target}. Enter it to confirm the change.` };
}

export type EmailChangeResult = { detail: string; email: string } & Partial<TokenPair>;

/**
 * Moves the account to the address the code was sent to: the address, the verified flag, the end of every
 * other session, the code and its audit row in one transaction. The unique index decides a race for the
 * address (409 email_taken, the code stays usable for nothing else). An account that was unverified is
 * verified by it and its caller gets a pair carrying that; a verified one has its old address told.
 */
export async function confirmEmailChange(principal: Principal, input: EmailChangeConfirmInput, meta: RequestMeta): Promise<EmailChangeResult> {
  await assertIpWithinLimit("verifyIp", meta.ip);
  const { user, challenge } = await checkCode({ email: principal.user.email, code: input.otp, purpose: "change_email", meta });
  const target = challenge.target;
  if (user.id !== principal.user.id || !target) throw new AppError("otp_invalid");
  const outcome = await withTransaction(async (tx) => {
    if (!(await consumeOtpChallenge(challenge.id, tx))) return null;
    await replaceEmail(user.id, target, tx);
    const ended = await endSessions({ allOf: user.id, except: principal.sessionId }, "email_changed", tx);
    const detail = { previousEmail: user.email, otherSessionsEnded: ended, wasVerified: user.isVerified };
    await recordAuditEvent("email_changed", meta, { userId: user.id, sessionId: principal.sessionId, detail }, tx);
    if (user.isVerified) return { claims: null };
    return { claims: await renewPairInSession(principal.sessionId, { id: user.id, isVerified: true }, { tx }) };
  }).catch((error: unknown) => {
    if (isUniqueViolation(error)) throw new AppError("email_taken");
    throw error;
  });
  if (!outcome) throw new AppError("otp_invalid");
  await clearCodeAttempts(user.email, "change_email");
  // An unverified old address was never proven: it may be a stranger's mailbox, so it is not written to.
  if (user.isVerified) sendSecurityEmail(user.id, { kind: "email_changed", previousEmail: user.email, newEmail: target }, meta);
  const result = { detail: "email changed", email: target };
  return outcome.claims ? { ...result, ...(await signPair(outcome.claims)) } : result;
}
