import "server-only";
import { findUserById, recordAdminEvent, updateUserFlags, deleteUserById, type AdminEventName } from "@/lib/db/admin-users";
import { revokeSessionOfUser, revokeSessionsOfUser } from "@/lib/db/sessions";
import { withTransaction, type Tx } from "@/lib/db/transaction";
import { deactivateUser, type UserRecord } from "@/lib/db/users";
import { AppError } from "@/lib/errors";
import { toEmailKey } from "@/lib/identifiers";
import type { RequestMeta } from "@/lib/request-meta";
import type { AdminUserUpdate } from "@/lib/validation/admin";
import { codePurposes, issueCode, type CodePurpose } from "@/lib/auth/codes";
import { consumeLimit } from "@/lib/auth/rate-limit";
import { assertMayChange, requireSuperuser, type StaffPrincipal } from "@/lib/auth/admin/access";
import { loadTargetUser, UUID } from "@/lib/auth/admin/directory";

interface ActionContext {
  actor: StaffPrincipal;
  meta: RequestMeta;
  tx?: Tx;
}

/** The audit row of one operator action on the account `userId`, naming the operator. */
async function audit(context: ActionContext, userId: string, event: AdminEventName, extra: { sessionId?: string; detail?: Record<string, number> } = {}): Promise<void> {
  await recordAdminEvent(event, context.meta, { userId, actorId: context.actor.user.id, ...extra }, context.tx);
}

/**
 * Sets is_active / is_verified / is_staff as asked, in one transaction with one audit row per real change.
 * Deactivation ends every session at once; removing staff also removes superuser.
 */
export async function updateUserStanding(actor: StaffPrincipal, id: string, changes: AdminUserUpdate, meta: RequestMeta): Promise<UserRecord> {
  return withTransaction(async (tx) => {
    const target = await loadTargetUser(id, tx);
    const record = (event: AdminEventName): Promise<void> => audit({ actor, meta, tx }, target.id, event);
    const staffChange = changes.is_staff !== undefined && changes.is_staff !== target.isStaff ? changes.is_staff : undefined;
    const activeChange = changes.is_active !== undefined && changes.is_active !== target.isActive ? changes.is_active : undefined;
    const verifiedChange = changes.is_verified !== undefined && changes.is_verified !== target.isVerified ? changes.is_verified : undefined;
    if (staffChange !== undefined) requireSuperuser(actor, "grant or remove staff");
    // Each of these would take away the admin's own way in (staff standing needs an active, verified account).
    const lockout = activeChange === false ? "deactivate" : staffChange === false ? "remove staff from" : verifiedChange === false ? "unverify" : undefined;
    assertMayChange(actor, target, { lockout });

    if (activeChange === false) {
      await deactivateUser(target.id, "deactivated_by_admin", tx);
      await record("deactivated_by_admin");
    } else if (activeChange === true) {
      await updateUserFlags(target.id, { isActive: true }, tx);
      await record("reactivated_by_admin");
    }
    if (verifiedChange !== undefined) {
      await updateUserFlags(target.id, { isVerified: verifiedChange }, tx);
      await record(verifiedChange ? "verified_by_admin" : "unverified_by_admin");
    }
    if (staffChange !== undefined) {
      await updateUserFlags(target.id, staffChange ? { isStaff: true } : { isStaff: false, isSuperuser: false }, tx);
      await record(staffChange ? "staff_granted_by_admin" : "staff_removed_by_admin");
    }
    const updated = await findUserById(target.id, tx);
    if (!updated) throw new AppError("not_found", { detail: "No such user." });
    return updated;
  });
}

/** Ends every session of the account (its owner must sign in again everywhere); returns how many ended. */
export async function endUserSessions(actor: StaffPrincipal, id: string, meta: RequestMeta): Promise<number> {
  return withTransaction(async (tx) => {
    const target = await loadTargetUser(id, tx);
    assertMayChange(actor, target);
    const ended = (await revokeSessionsOfUser(target.id, { reason: "ended_by_admin" }, tx)).length;
    await audit({ actor, meta, tx }, target.id, "sessions_ended_by_admin", { detail: { sessions_ended: ended } });
    return ended;
  });
}

/** Ends one live session of the account; any other id is "not found". */
export async function endUserSession(actor: StaffPrincipal, id: string, sessionId: string, meta: RequestMeta): Promise<void> {
  const isEnded = await withTransaction(async (tx) => {
    const target = await loadTargetUser(id, tx);
    assertMayChange(actor, target);
    if (!UUID.test(sessionId) || !(await revokeSessionOfUser(sessionId, target.id, "ended_by_admin", tx))) return false;
    await audit({ actor, meta, tx }, target.id, "session_ended_by_admin", { sessionId });
    return true;
  });
  if (!isEnded) throw new AppError("not_found", { detail: "No such active session." });
}

/** The codes an operator may send on the owner's behalf. */
export type AdminCodePurpose = Extract<CodePurpose, "verify_email" | "reset_password">;

const codeActions = {
  verify_email: { event: "verification_code_sent_by_admin", sent: "A verification code is on its way to" },
  reset_password: { event: "password_reset_code_sent_by_admin", sent: "A password-reset code is on its way to" },
} as const satisfies Record<AdminCodePurpose, { event: AdminEventName; sent: string }>;

/**
 * Mails the account a new code of this kind, as if its owner had asked: the same cooldown applies (an
 * operator cannot flood a mailbox), and an account the code cannot serve is told plainly.
 */
export async function sendUserCode(actor: StaffPrincipal, id: string, purpose: AdminCodePurpose, meta: RequestMeta): Promise<{ detail: string }> {
  const target = await loadTargetUser(id);
  assertMayChange(actor, target);
  if (!target.isActive) throw new AppError("invalid_request", { detail: "This account is deactivated. Reactivate it first." });
  if (!codePurposes[purpose].isEligible(target)) throw new AppError("invalid_request", { detail: "This email address is already verified." });
  const cooldown = await consumeLimit(codePurposes[purpose].limiters.cooldown, toEmailKey(target.email));
  if (!cooldown.isAllowed) throw new AppError("otp_cooldown", { retryAfterSeconds: cooldown.retryAfter });
  await issueCode(target, meta, purpose);
  await audit({ actor, meta }, target.id, codeActions[purpose].event);
  return { detail: `${codeActions[purpose].sent} ${target.email}.` };
}

/** Deletes the account for good (superusers only; never one's own). Its audit rows stay, without the user. */
export async function deleteUserAccount(actor: StaffPrincipal, id: string, meta: RequestMeta): Promise<void> {
  requireSuperuser(actor, "delete accounts");
  await withTransaction(async (tx) => {
    const target = await loadTargetUser(id, tx);
    assertMayChange(actor, target, { lockout: "delete" });
    await recordAdminEvent("account_deleted_by_admin", meta, { userId: null, actorId: actor.user.id, detail: { target_id: target.id } }, tx);
    if (!(await deleteUserById(target.id, tx))) throw new AppError("not_found", { detail: "No such user." });
  });
}
