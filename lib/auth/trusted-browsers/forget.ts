import "server-only";
import { recordAuditEvent } from "@/lib/db/audit";
import { deleteTrustedBrowsers } from "@/lib/db/trusted-browsers";
import type { Tx } from "@/lib/db/transaction";
import type { RequestMeta } from "@/lib/request-meta";

/** Why every remembered browser of an account is forgotten (the audit row's `reason`). */
export type TrustedBrowsersForgottenReason =
  | "owner"
  | "password_changed"
  | "password_reset"
  | "mfa_enabled"
  | "totp_added"
  | "passkey_added"
  | "logout_everywhere"
  | "account_secured";

/**
 * Forgets every remembered browser of the account, in the transaction of the change that calls for it (a
 * password change or reset, a factor turned on, "Sign out everywhere", "This wasn't me"): from then on each
 * of them asks for the second factor again. Audited (trusted_browser_forgotten) when any was still
 * remembered. Removing the last factor forgets them with it (lib/auth/mfa deleteAllSecondFactors).
 */
export async function forgetTrustedBrowsers(
  userId: string,
  reason: TrustedBrowsersForgottenReason,
  meta: RequestMeta,
  context: { sessionId: string | null; tx: Tx },
): Promise<number> {
  const forgotten = await deleteTrustedBrowsers(userId, context.tx);
  if (forgotten > 0) await recordAuditEvent("trusted_browser_forgotten", meta, { userId, sessionId: context.sessionId, detail: { reason, forgotten } }, context.tx);
  return forgotten;
}
