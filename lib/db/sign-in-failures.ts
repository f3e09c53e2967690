import "server-only";
import { getPrisma } from "@/lib/db/client";
import { useDb, type Tx } from "@/lib/db/transaction";

export interface FailureRules {
  /** Failures admitted without any wait. */
  free: number;
  /** The wait after the last free failure; it doubles with each further one, up to `maxDelaySeconds`. */
  maxDelaySeconds: number;
  /** Failures a window admits at all. */
  ceiling: number;
  windowSeconds: number;
}

export type Admission = { isAdmitted: true } | { isAdmitted: false; retryAfterSeconds: number };

/**
 * Counts one failure against (account, client) up front and says whether the attempt may be checked. One
 * statement: the row lock of ON CONFLICT DO UPDATE orders concurrent attempts (also across instances), each
 * sees the count and gate the one before it left, and a refused attempt changes nothing. After the `free`-th
 * failure the gate (`next_attempt_at`) shuts for 1 s, 2 s, 4 s ...; the database's clock is the only clock.
 */
export async function countSignInFailure(accountKey: string, client: string, rules: FailureRules): Promise<Admission> {
  const prisma = await getPrisma();
  const admitted = await prisma.$queryRaw<{ failures: number }[]>`
    INSERT INTO sign_in_failures AS f (account_key, client, failures, next_attempt_at, window_ends_at)
    VALUES (${accountKey}, ${client}, 1,
      CASE WHEN ${rules.free}::int <= 1 THEN clock_timestamp() + make_interval(secs => 1) ELSE to_timestamp(0) END,
      clock_timestamp() + make_interval(secs => ${rules.windowSeconds}::int))
    ON CONFLICT (account_key, client) DO UPDATE SET
      failures = CASE WHEN f.window_ends_at <= clock_timestamp() THEN 1 ELSE f.failures + 1 END,
      next_attempt_at = CASE
        WHEN f.window_ends_at <= clock_timestamp() OR f.failures + 1 < ${rules.free}::int THEN to_timestamp(0)
        ELSE clock_timestamp() + make_interval(secs => LEAST(power(2, f.failures + 1 - ${rules.free}::int), ${rules.maxDelaySeconds}::int))
      END,
      window_ends_at = CASE WHEN f.window_ends_at <= clock_timestamp()
        THEN clock_timestamp() + make_interval(secs => ${rules.windowSeconds}::int) ELSE f.window_ends_at END
    WHERE f.window_ends_at <= clock_timestamp() OR (f.failures < ${rules.ceiling}::int AND f.next_attempt_at <= clock_timestamp())
    RETURNING f.failures`;
  if (admitted.length > 0) return { isAdmitted: true };
  const [state] = await prisma.$queryRaw<{ wait: number }[]>`
    SELECT EXTRACT(EPOCH FROM (CASE WHEN failures >= ${rules.ceiling}::int THEN window_ends_at ELSE next_attempt_at END) - clock_timestamp())::float8 AS wait
    FROM sign_in_failures WHERE account_key = ${accountKey} AND client = ${client}`;
  return { isAdmitted: false, retryAfterSeconds: Math.max(1, Math.ceil(state?.wait ?? 1)) };
}

/** Forgets the failures of one client of the account, or (no client) of every client of it. */
export async function deleteSignInFailures(accountKey: string, client: string | null, tx?: Tx): Promise<void> {
  const db = await useDb(tx);
  await db.signInFailure.deleteMany({ where: client === null ? { accountKey } : { accountKey, client } });
}
