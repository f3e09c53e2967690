import "server-only";
import { countSignInFailure, deleteSignInFailures, type FailureRules } from "@/lib/db/sign-in-failures";
import type { Tx } from "@/lib/db/transaction";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { assertIpWithinLimit, hashKey } from "@/lib/auth/rate-limit";

const RULES: FailureRules = { free: 5, maxDelaySeconds: 900, ceiling: 100, windowSeconds: 86_400 };

/**
 * A client that has signed in to the account before (OWASP's device cookie): a device token it was given,
 * or the session it is asking from. Its failures are counted apart from everyone else's, so a stranger's
 * guessing cannot keep it out, and its own failures shut out only itself.
 */
export type KnownClient = { kind: "device" | "session"; id: string };

function clientColumn(client: KnownClient | null): string {
  return client ? `${client.kind}:${client.id}` : "";
}

/** The account's key in the counters: a hash of the normalised email, known or not. */
function accountKeyOf(emailKey: string): string {
  return hashKey(emailKey);
}

function isThrottling(): boolean {
  return getEnv().RATE_LIMIT === "on";
}

/**
 * Admits one password check for the account named by `emailKey`, counting it as a failure before the
 * check (a success then clears it), atomically in the database: any number of parallel guesses, on any
 * number of instances, is throttled exactly like the same guesses one after another.
 *
 * Per account and client (strangers share one budget, each known client has its own): five free
 * failures, then each attempt must wait 1 s, 2 s, 4 s ... at most 15 minutes after the one before, and
 * the hundredth failure in 24 hours closes that budget until the window ends. Keys are the normalised
 * email, known or not, so the answer tells nothing about the account. Throws `rate_limited` otherwise.
 */
export async function admitLoginAttempt(emailKey: string, ip: string | null, client: KnownClient | null = null): Promise<void> {
  await admitLoginAddress(ip);
  await admitAccountAttempt(emailKey, client);
}

/**
 * The client address's share of admitLoginAttempt: one request of its budget (429 once spent). It needs
 * nothing of the account, so the sign-in asks it beside the account's lookup (one round trip fewer).
 */
export async function admitLoginAddress(ip: string | null): Promise<void> {
  await assertIpWithinLimit("loginIp", ip);
}

/** The account's share of admitLoginAttempt, once the address was admitted: the failure counted up front. */
export async function admitAccountAttempt(emailKey: string, client: KnownClient | null): Promise<void> {
  if (!isThrottling()) return;
  const admission = await countSignInFailure(accountKeyOf(emailKey), clientColumn(client), RULES);
  if (!admission.isAdmitted) throw new AppError("rate_limited", { retryAfterSeconds: admission.retryAfterSeconds });
}

/**
 * The password was right: the failures of the budget the attempt was counted against start over. What to
 * forget, for the sign-in's completion to delete in its own statement; null when nothing is counted.
 */
export function failuresClearedBySuccess(emailKey: string, client: KnownClient | null = null): { accountKey: string; client: string } | null {
  return isThrottling() ? { accountKey: accountKeyOf(emailKey), client: clientColumn(client) } : null;
}

/** The password was right (a re-authentication, the CLI): forget the failures of the budget it was counted against. */
export async function recordLoginSuccess(emailKey: string, client: KnownClient | null = null, tx?: Tx): Promise<void> {
  const cleared = failuresClearedBySuccess(emailKey, client);
  if (cleared) await deleteSignInFailures(cleared.accountKey, cleared.client, tx);
}

/** Forgets every failure counted against the account, strangers' and known clients' (a password reset). */
export async function clearSignInFailures(emailKey: string, tx?: Tx): Promise<void> {
  await deleteSignInFailures(accountKeyOf(emailKey), null, tx);
}
