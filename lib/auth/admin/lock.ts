import "server-only";
import { countOtherSuperusers, lockUsers } from "@/lib/db/admin-users";
import type { Tx } from "@/lib/db/transaction";
import type { UserRecord } from "@/lib/db/users";
import { AppError } from "@/lib/errors";
import { isStaffAccount, type StaffPrincipal } from "@/lib/auth/admin/access";
import { UUID } from "@/lib/auth/admin/directory";

export interface LockedStanding {
  /** The caller as the database has it now, still active, verified staff. */
  actor: StaffPrincipal;
  target: UserRecord;
}

/**
 * Locks the operator's and the target account's rows for the rest of the transaction and reads both again.
 * What the request authenticated with may be out of date by now: a concurrent action may have removed the
 * operator's staff standing (403) or the target itself (404). Holding both locks until commit makes two
 * actions on the same accounts take turns, so each one judges the other's outcome, not the state both
 * started from: two superusers removing each other cannot both succeed.
 */
export async function lockStanding(actor: StaffPrincipal, targetId: string, tx: Tx): Promise<LockedStanding> {
  if (!UUID.test(targetId)) throw new AppError("not_found", { detail: "No such user." });
  const users = await lockUsers([actor.user.id, targetId], tx);
  const current = users.get(actor.user.id);
  const principal = current ? { ...actor, user: current } : null;
  if (!principal || !isStaffAccount(principal)) throw new AppError("forbidden");
  const target = users.get(targetId);
  if (!target) throw new AppError("not_found", { detail: "No such user." });
  return { actor: principal, target };
}

const isStandingSuperuser = (user: UserRecord): boolean => user.isActive && user.isVerified && user.isStaff && user.isSuperuser;

/**
 * There is always an active, verified superuser: a change that would take the last one's standing away
 * (removing staff, deactivating, unverifying, deleting) is refused. The self-lockout rule and the locks
 * above already keep the acting superuser; this holds the invariant on its own.
 */
export async function assertSuperuserRemains(target: UserRecord, after: Partial<Pick<UserRecord, "isActive" | "isVerified" | "isStaff">> | "deleted", tx: Tx): Promise<void> {
  if (!isStandingSuperuser(target)) return;
  if (after !== "deleted" && isStandingSuperuser({ ...target, ...after })) return;
  if ((await countOtherSuperusers(target.id, tx)) === 0) {
    throw new AppError("forbidden", { detail: "This is the last active superuser: make another account a superuser first." });
  }
}
