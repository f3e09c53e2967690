import "server-only";
import { findSessionState } from "@/lib/db/sessions";
import { verifyToken, type TokenType } from "@/lib/auth/tokens";

/** The sign-in page's query parameter that says "your session was ended elsewhere" (a notice only, no data). */
export const SESSION_ENDED_PARAM = "session_ended";

/**
 * Its values: "1" another device (or this account's own owner elsewhere), "admin" an administrator ended
 * the session, "deactivated" an administrator deactivated the account. Each picks a sentence, nothing more.
 */
export type SessionEndNotice = "1" | "admin" | "deactivated";

const adminReasons: Record<string, SessionEndNotice> = { ended_by_admin: "admin", deactivated_by_admin: "deactivated" };

/**
 * Not "elsewhere": this browser's own logout (or a new sign-in replacing the session its cookies held),
 * and reuse detection, where the old token may well have been replayed by this very browser.
 */
const NOT_ELSEWHERE = new Set(["logout", "refresh_token_reused"]);

/**
 * Whether the session a browser's cookies belong to was ended by something other than this browser: a
 * "sign out" on another device, "sign out everywhere", "This wasn't me", a password change or reset, an
 * administrator.
 * Only a token we signed counts, so the answer says nothing about anyone else's account; an expired or
 * forged cookie, or a session that simply ran out, is "no".
 */
export async function wasSessionEndedElsewhere(tokens: { access: string | null; refresh: string | null }): Promise<boolean> {
  return (await findSessionEndNotice(tokens)) !== null;
}

/** The same question, answered with who ended it: the sign-in page's notice, or null for none. */
export async function findSessionEndNotice(tokens: { access: string | null; refresh: string | null }): Promise<SessionEndNotice | null> {
  const candidates: [string | null, TokenType][] = [
    [tokens.refresh, "refresh"],
    [tokens.access, "access"],
  ];
  for (const [token, type] of candidates) {
    if (!token) continue;
    const claims = await verifyToken(token, type).catch(() => null);
    if (!claims) continue;
    // Only a notice hangs on the answer: a database hiccup is "no", never an error page.
    const session = await findSessionState(claims.sid).catch(() => null);
    if (!session || session.userId !== claims.sub || !session.revokedAt) return null;
    const reason = session.revokedReason ?? "";
    if (NOT_ELSEWHERE.has(reason)) return null;
    return Object.hasOwn(adminReasons, reason) ? adminReasons[reason]! : "1";
  }
  return null;
}
