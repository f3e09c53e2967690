import "server-only";
import { recordAuditEvent } from "@/lib/db/audit";
import { deletePasskey, findPasskeyOfUser, listPasskeys, renamePasskey } from "@/lib/db/passkeys";
import { withTransaction, type Tx } from "@/lib/db/transaction";
import { AppError } from "@/lib/errors";
import type { RequestMeta } from "@/lib/request-meta";
import { requireRecentSecondFactor } from "@/lib/auth/assurance";
import { forgetSecondFactorsIfNoneLeft } from "@/lib/auth/mfa/manage";
import type { ReportedRemoval } from "@/lib/auth/mfa/reported";
import type { Principal } from "@/lib/auth/principal";
import { sendSecurityEmail } from "@/lib/auth/security-emails";
import { toPasskeyView, type PasskeyView } from "@/lib/auth/passkeys/view";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The caller's passkey with this id: 404 for another account's, as for none (its existence is not told). */
async function requireOwnPasskey(principal: Principal, id: string) {
  const passkey = UUID.test(id) ? await findPasskeyOfUser(id, principal.user.id) : null;
  if (!passkey) throw new AppError("not_found");
  return passkey;
}

export async function listPasskeysOf(principal: Principal): Promise<{ passkeys: PasskeyView[] }> {
  return { passkeys: (await listPasskeys(principal.user.id)).map(toPasskeyView) };
}

export async function renamePasskeyOf(principal: Principal, id: string, name: string): Promise<PasskeyView> {
  await requireOwnPasskey(principal, id);
  const renamed = await renamePasskey(id, principal.user.id, name);
  if (!renamed) throw new AppError("not_found");
  return toPasskeyView(renamed);
}

/**
 * Removes one of the caller's passkeys; it is a second factor, so it needs one proved to this session in the
 * last ten minutes. When it was the account's last second factor, the recovery codes go with it, in the
 * same transaction (as the authenticator app's removal does). Audited and emailed.
 */
export async function removePasskeyOf(principal: Principal, id: string, meta: RequestMeta): Promise<void> {
  const passkey = await requireOwnPasskey(principal, id);
  await requireRecentSecondFactor(principal);
  const { user } = principal;
  const removed = await withTransaction(async (tx) => {
    if (!(await deletePasskey(id, user.id, tx))) return false;
    const { recoveryCodesDeleted } = await forgetSecondFactorsIfNoneLeft(user.id, tx);
    await recordAuditEvent("passkey_removed", meta, { userId: user.id, sessionId: principal.sessionId, detail: { passkeyId: id, name: passkey.name, recoveryCodesDeleted } }, tx);
    return true;
  });
  if (!removed) throw new AppError("not_found");
  sendSecurityEmail(user.id, { kind: "passkey_removed", name: passkey.name }, meta);
}

/** The events whose "This wasn't me" takes the passkey they name: one added, or one that signed in. */
const PASSKEY_EVENTS = new Set(["passkey_added", "login_succeeded"]);

/**
 * "This wasn't me" about a passkey being added, or about a sign-in made with a passkey: that passkey goes
 * (in the caller's transaction), since a password reset alone would leave whoever holds it able to sign in
 * with it. Null when the event names no passkey or it is gone already.
 */
export async function removeReportedPasskey(userId: string, reported: { event: string; detail: unknown }, meta: RequestMeta, sessionId: string, tx: Tx): Promise<ReportedRemoval | null> {
  if (!PASSKEY_EVENTS.has(reported.event)) return null;
  const detail = reported.detail as { passkeyId?: unknown } | null;
  if (typeof detail?.passkeyId !== "string" || !UUID.test(detail.passkeyId)) return null;
  const passkey = await findPasskeyOfUser(detail.passkeyId, userId, tx);
  if (!passkey || !(await deletePasskey(passkey.id, userId, tx))) return null;
  const { recoveryCodesDeleted, wasLastFactor } = await forgetSecondFactorsIfNoneLeft(userId, tx);
  await recordAuditEvent("passkey_removed", meta, { userId, sessionId, detail: { passkeyId: passkey.id, name: passkey.name, recoveryCodesDeleted, reported: true } }, tx);
  return { removed: recoveryCodesDeleted > 0 ? ["passkey", "recovery_codes"] : ["passkey"], wasLastFactor };
}
