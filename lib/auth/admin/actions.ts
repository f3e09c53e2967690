import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { findUserById, recordAdminEvent, updateUserFlags, deleteUserById, type AdminEventName } from "@/lib/db/admin-users";
import { withLockingTransaction, type Tx } from "@/lib/db/transaction";
import { deactivateUser, type UserRecord } from "@/lib/db/users";
import { AppError } from "@/lib/errors";
import { toEmailKey } from "@/lib/identifiers";
import type { RequestMeta } from "@/lib/request-meta";
import type { AdminUserUpdate } from "@/lib/validation/admin";
import { codePurposes, issueCode, type CodePurpose } from "@/lib/auth/codes";
import { consumeLimit } from "@/lib/auth/rate-limit";
import { endSessions } from "@/lib/auth/session";
import { assertMayChange, requireSuperuser, type StaffPrincipal } from "@/lib/auth/admin/access";
import { UUID } from "@/lib/auth/admin/directory";
import { assertSuperuserRemains, lockStanding } from "@/lib/auth/admin/lock";

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
 * Deactivation ends every session at once; removing staff also removes superuser. Every action below
 * judges the operator and the target as they are under its locks (lockStanding), not as the request found them.
 */
export async function updateUserStanding(caller: StaffPrincipal, id: string, changes: AdminUserUpdate, meta: RequestMeta): Promise<UserRecord> {
  return withLockingTransaction(async (tx) => {
    const { actor, target } = await lockStanding(caller, id, tx);
    const record = (event: AdminEventName): Promise<void> => audit({ actor, meta, tx }, target.id, event);
    const staffChange = changes.is_staff !== undefined && changes.is_staff !== target.isStaff ? changes.is_staff : undefined;
    const activeChange = changes.is_active !== undefined && changes.is_active !== target.isActive ? changes.is_active : undefined;
    const verifiedChange = changes.is_verified !== undefined && changes.is_verified !== target.isVerified ? changes.is_verified : undefined;
    if (staffChange !== undefined) requireSuperuser(actor, "grant or remove staff");
    // Each of these would take away the admin's own way in (staff standing needs an active, verified account).
    const lockout = activeChange === false ? "deactivate" : staffChange === false ? "remove staff from" : verifiedChange === false ? "unverify" : undefined;
    assertMayChange(actor, target, { lockout });
    await assertSuperuserRemains(target, { isActive: activeChange, isVerified: verifiedChange, isStaff: staffChange }, tx);

    if (activeChange === false) {
      await deactivateUser(target.id, tx);
      await endSessions({ allOf: target.id }, "deactivated_by_admin", tx);
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
export async function endUserSessions(caller: StaffPrincipal, id: string, meta: RequestMeta): Promise<number> {
  return withLockingTransaction(async (tx) => {
    const { actor, target } = await lockStanding(caller, id, tx);
    assertMayChange(actor, target);
    const ended = await endSessions({ allOf: target.id }, "ended_by_admin", tx);
    await audit({ actor, meta, tx }, target.id, "sessions_ended_by_admin", { detail: { sessions_ended: ended } });
    return ended;
  });
}

/** Ends one live session of the account; any other id is "not found". */
export async function endUserSession(caller: StaffPrincipal, id: string, sessionId: string, meta: RequestMeta): Promise<void> {
  const isEnded = await withLockingTransaction(async (tx) => {
    const { actor, target } = await lockStanding(caller, id, tx);
    assertMayChange(actor, target);
    if (!UUID.test(sessionId) || (await endSessions({ session: sessionId, ofUser: target.id }, "ended_by_admin", tx)) === 0) return false;
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
export async function sendUserCode(caller: StaffPrincipal, id: string, purpose: AdminCodePurpose, meta: RequestMeta): Promise<{ detail: string }> {
  // Issuing a code writes through its own queries, so the check holds its locks only while it checks.
  const { actor, target } = await withLockingTransaction(async (tx) => {
    const locked = await lockStanding(caller, id, tx);
    assertMayChange(locked.actor, locked.target);
    return locked;
  });
  if (!target.isActive) throw new AppError("invalid_request", { detail: "This account is deactivated. Reactivate it first." });
  if (!codePurposes[purpose].isEligible(target)) throw new AppError("invalid_request", { detail: "This email address is already verified." });
  const cooldown = await consumeLimit(codePurposes[purpose].limiters.cooldown, toEmailKey(target.email));
  if (!cooldown.isAllowed) throw new AppError("otp_cooldown", { retryAfterSeconds: cooldown.retryAfter });
  try {
    await issueCode(target, meta, purpose);
  } catch (error) {
    // The account was deleted after the check: its code has no account to belong to.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2003") throw new AppError("not_found", { detail: "No such user." });
    throw error;
  }
  await audit({ actor, meta }, target.id, codeActions[purpose].event);
  return { detail: `${codeActions[purpose].sent} ${target.email}.` };
}

/** Deletes the account for good (superusers only; never one's own). Its audit rows stay, without the user. */
export async function deleteUserAccount(caller: StaffPrincipal, id: string, meta: RequestMeta): Promise<void> {
  requireSuperuser(caller, "delete accounts");
  await withLockingTransaction(async (tx) => {
    const { actor, target } = await lockStanding(caller, id, tx);
    requireSuperuser(actor, "delete accounts");
    assertMayChange(actor, target, { lockout: "delete" });
    await assertSuperuserRemains(target, "deleted", tx);
    await recordAdminEvent("account_deleted_by_admin", meta, { userId: null, actorId: actor.user.id, detail: { target_id: target.id } }, tx);
    if (!(await deleteUserById(target.id, tx))) throw new AppError("not_found", { detail: "No such user." });
  });
}
