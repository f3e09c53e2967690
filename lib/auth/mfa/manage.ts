import "server-only";
import { recordAuditEvent } from "@/lib/db/audit";
import { deletePasskeys } from "@/lib/db/passkeys";
import { deleteRecoveryCodes, deleteTotpFactor, findSecondFactorSummary, findTotpFactor, hasActiveSecondFactor, isAbandonedTotpSetup } from "@/lib/db/second-factors";
import { withTransaction, type Tx } from "@/lib/db/transaction";
import { deleteTrustedBrowsers } from "@/lib/db/trusted-browsers";
import { AppError } from "@/lib/errors";
import type { RequestMeta } from "@/lib/request-meta";
import { toSecondFactorProof, type TotpRemoveInput } from "@/lib/validation/mfa";
import { requireRecentSecondFactor } from "@/lib/auth/assurance";
import type { Principal } from "@/lib/auth/principal";
import { confirmCurrentPassword } from "@/lib/auth/reauthenticate";
import { sendSecurityEmail } from "@/lib/auth/security-emails";
import { admitSecondFactorAttempt, countSecondFactorFailure, recordRecoveryCodeUse } from "@/lib/auth/mfa/attempts";
import { getMfaKeys } from "@/lib/auth/mfa/mfa-keys";
import { issueRecoveryCodes } from "@/lib/auth/mfa/setup";
import { verifySecondFactor, type SecondFactorMethod } from "@/lib/auth/mfa/verify";
import { secondFactorMethodsOf } from "@/lib/auth/sign-in/authentication";

/** GET /api/mfa/: which factors are on and how many recovery codes remain; never a secret. */
export interface SecondFactorStatus {
  /** Sign-in asks for a second factor. */
  enabled: boolean;
  /** What the second step offers now (empty when off). */
  methods: SecondFactorMethod[];
  totp: { enabled: boolean; enabled_at: string | null; setup_pending: boolean };
  passkeys: { count: number };
  recovery_codes: { remaining: number };
}

export async function getSecondFactorStatus(userId: string): Promise<SecondFactorStatus> {
  const { totp: factor, unusedRecoveryCodes: remaining, passkeys } = await findSecondFactorSummary(userId);
  const enabledAt = factor?.confirmedAt ?? null;
  const methods = secondFactorMethodsOf({ hasTotp: enabledAt !== null, hasPasskey: passkeys > 0, hasRecoveryCodes: remaining > 0 });
  return {
    enabled: methods.length > 0,
    methods,
    totp: { enabled: enabledAt !== null, enabled_at: enabledAt?.toISOString() ?? null, setup_pending: factor !== null && enabledAt === null && !isAbandonedTotpSetup(factor) },
    passkeys: { count: passkeys },
    recovery_codes: { remaining },
  };
}

/**
 * Everything that exists only because the account has a second factor: the authenticator app (with a
 * pending setup), the passkeys and the recovery codes. Also for an administrator removing a locked-out
 * user's factors. The remembered browsers ("Remember this browser") are forgotten with them, in the same
 * transaction: the caller's audit row counts them.
 */
export async function deleteAllSecondFactors(userId: string, tx: Tx): Promise<RemovedWithFactors> {
  await deleteTotpFactor(userId, tx);
  await deletePasskeys(userId, tx);
  const recoveryCodesDeleted = await deleteRecoveryCodes(userId, tx);
  return { recoveryCodesDeleted, trustedBrowsersForgotten: await deleteTrustedBrowsers(userId, tx) };
}

/** What went with a removed factor: recovery codes deleted, remembered browsers forgotten. */
export interface RemovedWithFactors {
  recoveryCodesDeleted: number;
  trustedBrowsersForgotten: number;
}

/**
 * After one factor was removed (in `tx`): a factor change forgets every remembered browser; when no factor
 * is left, what only a factor needed goes too (the recovery codes, and whatever deleteAllSecondFactors
 * removes); while another remains, the recovery codes stay.
 */
export async function forgetSecondFactorsIfNoneLeft(userId: string, tx: Tx): Promise<RemovedWithFactors & { wasLastFactor: boolean }> {
  if (await hasActiveSecondFactor(userId, tx)) return { recoveryCodesDeleted: 0, trustedBrowsersForgotten: await deleteTrustedBrowsers(userId, tx), wasLastFactor: false };
  return { ...(await deleteAllSecondFactors(userId, tx)), wasLastFactor: true };
}

/**
 * Turns the authenticator app off: the password and a second factor (a current code or a recovery code),
 * never the password alone, since a stolen password is what the factor guards against. The proof is spent
 * and the factor removed in one transaction. When it was the last factor (no passkey remains), the recovery
 * codes go with it and two-factor is off (mfa_disabled); beside a passkey, two-factor stays on with the
 * codes (totp_removed). The proof in the request is this action's step-up: a second factor checked now, for this
 * session, under the same daily budget. Asking for a step-up within ten minutes besides would cost the user a
 * second code of a later 30-second step (a code counts once) and guard nothing more.
 */
export async function removeTotp(principal: Principal, input: TotpRemoveInput, meta: RequestMeta): Promise<void> {
  const { user } = principal;
  if (!(await findTotpFactor(user.id))?.confirmedAt) throw new AppError("mfa_not_enabled");
  await confirmCurrentPassword(principal, input.password, meta, "password");
  await admitSecondFactorAttempt(user.id);
  const event = await withTransaction(async (tx) => {
    const check = await verifySecondFactor(user.id, toSecondFactorProof(input), tx);
    if (!check) return null;
    await recordRecoveryCodeUse(user.id, check, meta, principal.sessionId, tx);
    await deleteTotpFactor(user.id, tx);
    const { wasLastFactor, recoveryCodesDeleted, trustedBrowsersForgotten } = await forgetSecondFactorsIfNoneLeft(user.id, tx);
    const detail = { method: "totp", by: check.method, recoveryCodesDeleted, trustedBrowsersForgotten };
    const removal = wasLastFactor ? "mfa_disabled" : "totp_removed";
    await recordAuditEvent(removal, meta, { userId: user.id, sessionId: principal.sessionId, detail }, tx);
    return removal;
  });
  if (!event) throw await countSecondFactorFailure(user.id);
  sendSecurityEmail(user.id, { kind: event }, meta);
}

/**
 * Ten new recovery codes replacing every earlier one (used or not), shown once. Needs a second factor
 * proved to this session within the step-up window (lib/auth/assurance.ts): a stolen session alone (or one
 * that skipped the second step on a remembered browser) must not be able to mint codes that pass it.
 */
export async function regenerateRecoveryCodes(principal: Principal, meta: RequestMeta): Promise<{ recovery_codes: string[] }> {
  const { user } = principal;
  await requireRecentSecondFactor(principal);
  if (!(await hasActiveSecondFactor(user.id))) throw new AppError("mfa_not_enabled");
  const { recoveryCodeKey } = await getMfaKeys();
  const codes = await withTransaction(async (tx) => {
    // Checked again under the transaction: a removal that committed meanwhile leaves no factor to hold codes.
    if (!(await hasActiveSecondFactor(user.id, tx))) return null;
    const issued = await issueRecoveryCodes(user.id, tx, recoveryCodeKey);
    await recordAuditEvent("recovery_codes_regenerated", meta, { userId: user.id, sessionId: principal.sessionId }, tx);
    return issued;
  });
  if (!codes) throw new AppError("mfa_not_enabled");
  sendSecurityEmail(user.id, { kind: "recovery_codes_regenerated" }, meta);
  return { recovery_codes: codes };
}
