import "server-only";
import { recordAdminEvent } from "@/lib/db/admin-users";
import { findSecondFactorKinds } from "@/lib/db/second-factors";
import { withLockingTransaction } from "@/lib/db/transaction";
import { AppError } from "@/lib/errors";
import type { RequestMeta } from "@/lib/request-meta";
import { deleteAllSecondFactors } from "@/lib/auth/mfa";
import { sendSecurityEmail } from "@/lib/auth/security-emails";
import { assertMayChange, type StaffPrincipal } from "@/lib/auth/admin/access";
import { lockStanding } from "@/lib/auth/admin/lock";

/**
 * Removes every second factor of a locked-out account (its authenticator app, passkeys and recovery codes,
 * and the browsers remembered with them) so its owner can sign in with the password and enrol again; one transaction with its audit row, then an
 * email to the owner. The usual guards apply (staff accounts are for superusers). Nobody removes their own
 * here: an operator's own factors are turned off on the dashboard, with the password and a code, since this
 * action asks for neither (and would shut them out of the admin pages at once).
 */
export async function removeUserSecondFactors(caller: StaffPrincipal, id: string, meta: RequestMeta): Promise<void> {
  const targetId = await withLockingTransaction(async (tx) => {
    const { actor, target } = await lockStanding(caller, id, tx);
    assertMayChange(actor, target);
    if (target.id === actor.user.id) {
      throw new AppError("forbidden", { detail: "You cannot remove your own second factors here: turn them off on your dashboard." });
    }
    const kinds = await findSecondFactorKinds(target.id, tx);
    if (!kinds.hasTotp && !kinds.hasPasskey && !kinds.hasRecoveryCodes) throw new AppError("mfa_not_enabled", { detail: "This account has no second factor to remove." });
    const { recoveryCodesDeleted, trustedBrowsersForgotten } = await deleteAllSecondFactors(target.id, tx);
    await recordAdminEvent(
      "mfa_disabled_by_admin",
      meta,
      { userId: target.id, actorId: actor.user.id, detail: { totp: kinds.hasTotp, passkeys: kinds.hasPasskey, recovery_codes_deleted: recoveryCodesDeleted, trusted_browsers_forgotten: trustedBrowsersForgotten } },
      tx,
    );
    return target.id;
  });
  sendSecurityEmail(targetId, { kind: "mfa_disabled_by_admin" }, meta);
}
