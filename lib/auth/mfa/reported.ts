import "server-only";
import { listAuditEventsAfter, recordAuditEvent, type AuditEventSummary } from "@/lib/db/audit";
import { deleteRecoveryCodes, deleteTotpFactor, findTotpFactor } from "@/lib/db/second-factors";
import type { Tx } from "@/lib/db/transaction";
import type { RequestMeta } from "@/lib/request-meta";
import { forgetSecondFactorsIfNoneLeft } from "@/lib/auth/mfa/manage";

/** A second factor "This wasn't me" can take, in the answer's words (GET /api/mfa/'s keys). */
export type ReportedFactor = "passkey" | "totp" | "recovery_codes";

/** What "This wasn't me" removed besides the sessions. */
export interface ReportedRemoval {
  removed: ReportedFactor[];
  /** No second factor is left: signing in needs only the password. */
  wasLastFactor: boolean;
}

const APP_ADDITIONS: readonly string[] = ["mfa_enabled", "totp_added"];
// Every event that makes recovery codes: the additions say whether they did (`recoveryCodesIssued`), a regeneration always does.
const CODE_ISSUERS = ["mfa_enabled", "totp_added", "passkey_added", "recovery_codes_regenerated"] as const;

const hasIssuedCodes = (row: Pick<AuditEventSummary, "event" | "detail">): boolean =>
  row.event === "recovery_codes_regenerated" || (row.detail as { recoveryCodesIssued?: unknown } | null)?.recoveryCodesIssued === true;

/**
 * "This wasn't me" about an authenticator app's addition (mfa_enabled, or totp_added beside a passkey) or new
 * recovery codes, in the caller's transaction. A password reset alone would leave whoever set the app up
 * passing the second step, and keeping the owner out. So:
 * - the app goes if it is still the one that event added: the row records its confirmation time (rows written
 *   before it did: when no app was added since, as every addition writes its row in its own transaction);
 * - the recovery codes go if that event made the account's current ones (none were made since): whoever
 *   enrolled saw them;
 * - with no factor left, everything a factor needed goes too (forgetSecondFactorsIfNoneLeft).
 * About a regeneration of the recovery codes (recovery_codes_regenerated): the codes it made go, if they are
 * still the account's (whoever regenerated them saw them); the factors stay, and the owner makes new codes.
 * A removed app is audited as its removal (mfa_disabled, or totp_removed while a passkey remains), `reported: true`.
 */
export async function removeReportedTotp(
  userId: string,
  reported: Pick<AuditEventSummary, "id" | "event" | "detail">,
  meta: RequestMeta,
  sessionId: string,
  tx: Tx,
): Promise<ReportedRemoval | null> {
  const isRegeneration = reported.event === "recovery_codes_regenerated";
  if (!APP_ADDITIONS.includes(reported.event) && !isRegeneration) return null;
  const detail = (reported.detail ?? {}) as { confirmedAt?: unknown; recoveryCodesIssued?: unknown };
  const factor = await findTotpFactor(userId, tx);
  const later = await listAuditEventsAfter(userId, reported.id, CODE_ISSUERS, tx);
  const isThatApp =
    !isRegeneration &&
    factor?.confirmedAt != null &&
    (typeof detail.confirmedAt === "string" ? factor.confirmedAt.toISOString() === detail.confirmedAt : !later.some((row) => APP_ADDITIONS.includes(row.event)));
  const areThoseCodes = (isRegeneration || detail.recoveryCodesIssued === true) && !later.some(hasIssuedCodes);

  const isAppRemoved = isThatApp && (await deleteTotpFactor(userId, tx));
  const codesDeleted = areThoseCodes ? await deleteRecoveryCodes(userId, tx) : 0;
  if (!isAppRemoved && codesDeleted === 0) return null;
  const { wasLastFactor, recoveryCodesDeleted, trustedBrowsersForgotten } = await forgetSecondFactorsIfNoneLeft(userId, tx);
  const allCodesDeleted = codesDeleted + recoveryCodesDeleted;
  if (isAppRemoved) {
    const removal = { method: "totp", reported: true, recoveryCodesDeleted: allCodesDeleted, trustedBrowsersForgotten };
    await recordAuditEvent(wasLastFactor ? "mfa_disabled" : "totp_removed", meta, { userId, sessionId, detail: removal }, tx);
  }
  const removed: ReportedFactor[] = [...(isAppRemoved ? (["totp"] as const) : []), ...(allCodesDeleted > 0 ? (["recovery_codes"] as const) : [])];
  return { removed, wasLastFactor };
}
