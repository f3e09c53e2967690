import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { findSetupLinkExpiry, hasStaffAccount, lockFirstAdminSetup, storeSetupLink } from "@/lib/db/setup-links";
import { withTransaction, type Tx } from "@/lib/db/transaction";
import { AppError } from "@/lib/errors";
import type { RequestMeta } from "@/lib/request-meta";
import type { FirstAdminInput } from "@/lib/validation/auth";
import { checkNewSuperuser, explainSuperuserRace, insertSuperuser } from "@/lib/auth/admin/create-admin";
import { hashPassword } from "@/lib/auth/password";
import { assertIpWithinLimit } from "@/lib/auth/rate-limit";
import { completeSignIn } from "@/lib/auth/sign-in/complete";
import type { TokenPair } from "@/lib/auth/tokens";

/** How long a setup link printed at start works (seconds). */
export const SETUP_LINK_LIFETIME = 3600;

const hashToken = (token: string): string => createHash("sha256").update(token).digest("hex");

/**
 * While no staff account exists, a new one-time setup token (its hash stored, valid SETUP_LINK_LIFETIME
 * seconds) for the server's console; null once one exists. Whoever reads the console can create the first
 * superuser with it.
 */
export async function offerSetupLink(): Promise<string | null> {
  if (await hasStaffAccount()) return null;
  const token = randomBytes(32).toString("base64url");
  await storeSetupLink(hashToken(token), new Date(Date.now() + SETUP_LINK_LIFETIME * 1000));
  return token;
}

/** Whether a setup link can still create the first administrator (no staff account exists). */
export async function isFirstAdminSetupOpen(): Promise<boolean> {
  return !(await hasStaffAccount());
}

export interface FirstAdminResult extends TokenPair {
  user: { id: string; email: string; user_name: string };
}

async function assertLinkUsable(tokenHash: string, tx?: Tx): Promise<void> {
  // The link before the staff: a link that an administrator's creation just deleted then reads as closed.
  const expiresAt = await findSetupLinkExpiry(tokenHash, tx);
  if (await hasStaffAccount(tx)) throw new AppError("setup_closed");
  // Wrong, used and expired links get the same answer.
  if (!expiresAt || !(expiresAt.getTime() > Date.now())) throw new AppError("setup_link_invalid");
}

/**
 * Creates the first administrator (a verified staff superuser, by the register form's rules) with a setup
 * link's token, and signs them in. Invariant: at most one account is ever created this way, only while no
 * staff account exists, and only with a stored, unexpired token; its creation deletes every setup link.
 * Creations run one at a time under an advisory lock, which re-checks both conditions.
 */
export async function createFirstAdmin(input: FirstAdminInput, meta: RequestMeta): Promise<FirstAdminResult> {
  await assertIpWithinLimit("registerIp", meta.ip);
  const tokenHash = hashToken(input.token);
  await assertLinkUsable(tokenHash);
  const fields = await checkNewSuperuser({ email: input.email, userName: input.user_name, password: input.password });
  const passwordHash = await hashPassword(fields.password);
  const created = await withTransaction(async (tx) => {
    await lockFirstAdminSetup(tx);
    await assertLinkUsable(tokenHash, tx);
    const user = await insertSuperuser({ email: fields.email, userName: fields.userName, passwordHash }, { event: "superuser_created_by_setup_link", meta }, tx);
    // Its creation was audited above; the sign-in that follows writes no row of its own.
    const authentication = { user: { ...user, secondFactors: [] }, methods: ["pwd" as const], at: new Date() };
    const outcome = await completeSignIn(authentication, { meta, kind: "registration", event: null, tx });
    return { user, outcome };
  }).catch(explainSuperuserRace);
  const { outcome } = created;
  if (outcome.status !== "signed_in") throw new AppError("authentication_failed");
  const session = outcome.pair;
  return { access: session.access, refresh: session.refresh, user: { id: created.user.id, email: created.user.email, user_name: created.user.userName } };
}
