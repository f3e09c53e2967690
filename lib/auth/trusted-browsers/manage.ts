import "server-only";
import { recordAuditEvent } from "@/lib/db/audit";
import { deleteTrustedBrowser, listTrustedBrowsers } from "@/lib/db/trusted-browsers";
import { withTransaction } from "@/lib/db/transaction";
import { AppError } from "@/lib/errors";
import type { RequestMeta } from "@/lib/request-meta";
import type { Principal } from "@/lib/auth/principal";
import { forgetTrustedBrowsers } from "@/lib/auth/trusted-browsers/forget";
import { trustedBrowserHashOf } from "@/lib/auth/trusted-browsers/token";

/** One remembered browser as GET /api/mfa/trusted-browsers/ answers it. */
export interface TrustedBrowserView {
  id: string;
  /** The device name when it was remembered ("Firefox on Linux"). */
  device: string;
  created_at: string;
  /** The last sign-in it let skip the second step (at first, the sign-in that remembered it). */
  last_used_at: string;
  expires_at: string;
  /** It is the browser asking (its cookie names it); always false for API clients, which send no cookie. */
  current: boolean;
}

/** The caller's unexpired remembered browsers; `currentToken` is the asking browser's cookie, if any. */
export async function listTrustedBrowserViews(principal: Principal, currentToken: string | null): Promise<TrustedBrowserView[]> {
  const currentHash = trustedBrowserHashOf(currentToken);
  const rows = await listTrustedBrowsers(principal.user.id);
  return rows.map((row) => ({
    id: row.id,
    device: row.device,
    created_at: row.createdAt.toISOString(),
    last_used_at: row.lastUsedAt.toISOString(),
    expires_at: row.expiresAt.toISOString(),
    current: row.tokenHash === currentHash,
  }));
}

/**
 * "Forget": that browser asks for the second factor at its next sign-in. Not one of the caller's (or not an
 * id at all): 404. Says whether it was the asking browser (`currentToken`, its cookie), whose cookie can go.
 */
export async function forgetTrustedBrowser(principal: Principal, id: string, currentToken: string | null, meta: RequestMeta): Promise<{ wasCurrent: boolean }> {
  const { user } = principal;
  const forgottenHash = await withTransaction(async (tx) => {
    const tokenHash = await deleteTrustedBrowser(id, user.id, tx);
    if (tokenHash === null) return null;
    await recordAuditEvent("trusted_browser_forgotten", meta, { userId: user.id, sessionId: principal.sessionId, detail: { reason: "owner", forgotten: 1 } }, tx);
    return tokenHash;
  });
  if (forgottenHash === null) throw new AppError("not_found", { detail: "No such remembered browser." });
  return { wasCurrent: forgottenHash === trustedBrowserHashOf(currentToken) };
}

/** "Forget all": every remembered browser of the caller; how many were still remembered. */
export async function forgetAllTrustedBrowsers(principal: Principal, meta: RequestMeta): Promise<number> {
  return withTransaction((tx) => forgetTrustedBrowsers(principal.user.id, "owner", meta, { sessionId: principal.sessionId, tx }));
}
