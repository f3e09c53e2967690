import "server-only";
import { getPrisma } from "@/lib/db/client";
import { useDb, type Tx } from "@/lib/db/transaction";

export interface MfaChallengeRecord {
  id: string;
  userId: string;
  credentialsVersion: number;
  methods: string[];
  attempts: number;
  expiresAt: Date;
}

/**
 * Stores a sign-in's second step and, in the same statement, forgets the failures the first factor's
 * success clears (as a completed sign-in would: the password was right) and stores the password's upgraded
 * hash, if any, while the checked credentials version is current (the password was right whatever the
 * second step brings; a rehash proves nothing new).
 */
export async function createMfaChallenge(
  input: { userId: string; tokenHash: string; credentialsVersion: number; methods: string[]; expiresAt: Date },
  clearFailures: { accountKey: string; client: string } | null,
  upgradedHash: string | null = null,
): Promise<void> {
  const prisma = await getPrisma();
  await prisma.$executeRaw`
    WITH cleared AS (
      DELETE FROM sign_in_failures
      WHERE account_key = ${clearFailures?.accountKey ?? null}::text AND client = ${clearFailures?.client ?? null}::text
      RETURNING 1
    ), upgraded AS (
      UPDATE users SET password_hash = ${upgradedHash}::text
      WHERE id = ${input.userId}::uuid AND credentials_version = ${input.credentialsVersion}::int AND ${upgradedHash}::text IS NOT NULL
      RETURNING 1
    )
    INSERT INTO mfa_challenges (id, user_id, token_hash, credentials_version, methods, expires_at)
    VALUES (gen_random_uuid(), ${input.userId}::uuid, ${input.tokenHash}, ${input.credentialsVersion}::int, ${input.methods}::text[], ${input.expiresAt}::timestamptz)`;
}

/** The live (unspent, unexpired) second step with this token hash; null for anything else. */
export async function findLiveMfaChallenge(tokenHash: string, tx?: Tx): Promise<MfaChallengeRecord | null> {
  const db = await useDb(tx);
  return db.mfaChallenge.findFirst({
    where: { tokenHash, consumedAt: null, expiresAt: { gt: new Date() } },
    select: { id: true, userId: true, credentialsVersion: true, methods: true, attempts: true, expiresAt: true },
  });
}

/**
 * Counts one wrong code against a live second step, atomically; the `maxAttempts`-th spends it. Returns the
 * attempts now counted, or null when it was no longer live (spent, capped or expired meanwhile).
 */
export async function countMfaChallengeFailure(id: string, maxAttempts: number): Promise<number | null> {
  const prisma = await getPrisma();
  const [row] = await prisma.$queryRaw<{ attempts: number }[]>`
    UPDATE mfa_challenges SET attempts = attempts + 1,
      consumed_at = CASE WHEN attempts + 1 >= ${maxAttempts}::int THEN now() ELSE NULL END
    WHERE id = ${id}::uuid AND consumed_at IS NULL AND expires_at > now()
    RETURNING attempts`;
  return row?.attempts ?? null;
}
