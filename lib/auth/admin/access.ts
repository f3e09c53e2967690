import "server-only";
import type { UserRecord } from "@/lib/db/users";
import { AppError } from "@/lib/errors";
import { requireTwoFactors } from "@/lib/auth/assurance";
import type { Principal } from "@/lib/auth/principal";

/** A signed-in operator: the principal's user row was read from the database for this very request. */
export type StaffPrincipal = Principal;

/**
 * Admin powers come from the database row behind the caller's session (never from a token claim): an
 * active, verified staff account. Anyone else gets the same refusal, whatever the target. Staff then need
 * two factors (requireTwoFactors: 403 mfa_enrollment_required or step_up_required), told only to staff.
 */
export async function requireStaff(principal: Principal): Promise<StaffPrincipal> {
  if (!isStaffAccount(principal)) throw new AppError("forbidden");
  await requireTwoFactors(principal);
  return principal;
}

export function isStaffAccount(principal: Principal): principal is StaffPrincipal {
  const { user } = principal;
  return user.isActive && user.isStaff && user.isVerified;
}

export function isSuperuser(actor: StaffPrincipal): boolean {
  return actor.user.isStaff && actor.user.isSuperuser;
}

export function requireSuperuser(actor: StaffPrincipal, what: string): void {
  if (!isSuperuser(actor)) throw new AppError("forbidden", { detail: `Only a superuser can ${what}.` });
}

/**
 * Guards on a change to `target`: only a superuser acts on a staff account (so staff cannot lock each other
 * or a superuser out), and nobody can deactivate, demote or delete themselves (the last way in could go).
 */
export function assertMayChange(actor: StaffPrincipal, target: UserRecord, change: { lockout?: string } = {}): void {
  if (target.isStaff && target.id !== actor.user.id && !isSuperuser(actor)) {
    throw new AppError("forbidden", { detail: "Only a superuser can change another staff account." });
  }
  if (change.lockout && target.id === actor.user.id) {
    throw new AppError("forbidden", { detail: `You cannot ${change.lockout} your own account.` });
  }
}
