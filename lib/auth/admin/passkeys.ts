import "server-only";
import { recordAdminEvent } from "@/lib/db/admin-users";
import { deletePasskey, findPasskeyOfUser, listPasskeys } from "@/lib/db/passkeys";
import { withLockingTransaction } from "@/lib/db/transaction";
import { AppError } from "@/lib/errors";
import type { RequestMeta } from "@/lib/request-meta";
import { forgetSecondFactorsIfNoneLeft } from "@/lib/auth/mfa";
import { toPasskeyView, type PasskeyView } from "@/lib/auth/passkeys/view";
import { sendSecurityEmail } from "@/lib/auth/security-emails";
import { assertMayChange, type StaffPrincipal } from "@/lib/auth/admin/access";
import { loadTargetUser, UUID } from "@/lib/auth/admin/directory";
import { lockStanding } from "@/lib/auth/admin/lock";

/** The account's passkeys as its owner's GET /api/passkeys/ lists them (never a key or credential ID); 404 for no such account. */
export async function listUserPasskeys(id: string): Promise<{ passkeys: PasskeyView[] }> {
  const user = await loadTargetUser(id);
  return { passkeys: (await listPasskeys(user.id)).map(toPasskeyView) };
}

/**
 * Removes one passkey of an account whose owner lost it (a lost phone that held a synced passkey, a security
 * key gone): one transaction under the admin row locks with its audit row, then an email to the owner. When it
 * was the last second factor, the recovery codes go with it, as when the owner removes it. Another account's
 * passkey under this account's path is "not found". The guards of removeUserSecondFactors apply: staff
 * accounts are for superusers, and nobody removes their own here (the dashboard does, with a recent factor).
 */
export async function removeUserPasskey(caller: StaffPrincipal, id: string, passkeyId: string, meta: RequestMeta): Promise<void> {
  const removed = await withLockingTransaction(async (tx) => {
    const { actor, target } = await lockStanding(caller, id, tx);
    assertMayChange(actor, target);
    if (target.id === actor.user.id) throw new AppError("forbidden", { detail: "You cannot remove your own passkeys here: remove them on your dashboard." });
    const passkey = UUID.test(passkeyId) ? await findPasskeyOfUser(passkeyId, target.id, tx) : null;
    if (!passkey || !(await deletePasskey(passkey.id, target.id, tx))) throw new AppError("not_found", { detail: "No such passkey." });
    const { recoveryCodesDeleted, trustedBrowsersForgotten, wasLastFactor } = await forgetSecondFactorsIfNoneLeft(target.id, tx);
    const detail = { passkey_id: passkey.id, name: passkey.name, recovery_codes_deleted: recoveryCodesDeleted, trusted_browsers_forgotten: trustedBrowsersForgotten };
    await recordAdminEvent("passkey_removed_by_admin", meta, { userId: target.id, actorId: actor.user.id, detail }, tx);
    return { userId: target.id, name: passkey.name, wasLastFactor };
  });
  sendSecurityEmail(removed.userId, { kind: "passkey_removed_by_admin", name: removed.name, wasLastFactor: removed.wasLastFactor }, meta);
}
