import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { useDb, type Tx } from "@/lib/db/transaction";

/** An authenticator app row as the use cases see it: the secret stays sealed here. */
export interface TotpFactorRecord {
  secretCiphertext: string;
  confirmedAt: Date | null;
  createdAt: Date;
}

/**
 * How long an unconfirmed authenticator-app setup can be confirmed: time to install an app and scan the code.
 * After it the secret shown is dead (confirming asks for a new setup) and housekeeping deletes the row.
 */
export const TOTP_SETUP_LIFETIME_MS = 30 * 60_000;

/** An unconfirmed setup older than TOTP_SETUP_LIFETIME_MS: it counts as no setup at all. */
export function isAbandonedTotpSetup(factor: Pick<TotpFactorRecord, "confirmedAt" | "createdAt">, now = Date.now()): boolean {
  return factor.confirmedAt === null && now - factor.createdAt.getTime() > TOTP_SETUP_LIFETIME_MS;
}

export async function findTotpFactor(userId: string, tx?: Tx): Promise<TotpFactorRecord | null> {
  const db = await useDb(tx);
  return db.totpFactor.findUnique({ where: { userId }, select: { secretCiphertext: true, confirmedAt: true, createdAt: true } });
}

/**
 * Stores a new, unconfirmed setup, replacing an earlier unconfirmed one; an active factor is left alone
 * (false). One statement, so two setups at once leave one row and never overwrite an active factor.
 */
export async function savePendingTotpFactor(userId: string, secretCiphertext: string, tx?: Tx): Promise<boolean> {
  const db = await useDb(tx);
  const rows = await db.$queryRaw<{ user_id: string }[]>`
    INSERT INTO totp_factors AS t (user_id, secret_ciphertext, created_at)
    VALUES (${userId}::uuid, ${secretCiphertext}, now())
    ON CONFLICT (user_id) DO UPDATE SET secret_ciphertext = EXCLUDED.secret_ciphertext, created_at = EXCLUDED.created_at, last_used_step = NULL
    WHERE t.confirmed_at IS NULL
    RETURNING t.user_id`;
  return rows.length === 1;
}

/**
 * Spends time step `step` of the factor: true for exactly one caller per step, and only for a step later
 * than the last one spent, so a code is never accepted twice (two requests with one code: one wins).
 * `activate` confirms a pending setup with it; otherwise only an active factor counts.
 */
export async function spendTotpStep(userId: string, step: number, options: { activate: boolean }, tx?: Tx): Promise<boolean> {
  const db = await useDb(tx);
  const rows = options.activate
    ? await db.$queryRaw<{ user_id: string }[]>`
        UPDATE totp_factors SET last_used_step = ${BigInt(step)}, confirmed_at = now()
        WHERE user_id = ${userId}::uuid AND confirmed_at IS NULL AND (last_used_step IS NULL OR last_used_step < ${BigInt(step)})
        RETURNING user_id`
    : await db.$queryRaw<{ user_id: string }[]>`
        UPDATE totp_factors SET last_used_step = ${BigInt(step)}
        WHERE user_id = ${userId}::uuid AND confirmed_at IS NOT NULL AND (last_used_step IS NULL OR last_used_step < ${BigInt(step)})
        RETURNING user_id`;
  return rows.length === 1;
}

export async function deleteTotpFactor(userId: string, tx?: Tx): Promise<boolean> {
  const db = await useDb(tx);
  return (await db.totpFactor.deleteMany({ where: { userId } })).count > 0;
}

/** Which second factors the account has: an active authenticator app, passkeys, unused recovery codes. */
export interface SecondFactorKinds {
  hasTotp: boolean;
  hasPasskey: boolean;
  hasRecoveryCodes: boolean;
}

/** The account's second factors, in one statement. */
/**
 * Which second factors the account `userId` (SQL: a uuid expression) has, as three boolean columns
 * (has_totp, has_passkey, has_recovery_codes): the one definition, read by findSecondFactorKinds and by the
 * sign-in's account query (lib/db/sign-ins.ts).
 */
export function secondFactorColumns(userId: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`EXISTS (SELECT 1 FROM totp_factors WHERE user_id = ${userId} AND confirmed_at IS NOT NULL) AS has_totp,
      EXISTS (SELECT 1 FROM passkeys WHERE user_id = ${userId}) AS has_passkey,
      EXISTS (SELECT 1 FROM recovery_codes WHERE user_id = ${userId} AND used_at IS NULL) AS has_recovery_codes`;
}

export async function findSecondFactorKinds(userId: string, tx?: Tx): Promise<SecondFactorKinds> {
  const db = await useDb(tx);
  const [row] = await db.$queryRaw<{ has_totp: boolean; has_passkey: boolean; has_recovery_codes: boolean }[]>`
    SELECT ${secondFactorColumns(Prisma.sql`${userId}::uuid`)}`;
  return { hasTotp: row?.has_totp === true, hasPasskey: row?.has_passkey === true, hasRecoveryCodes: row?.has_recovery_codes === true };
}

/** What the account's status shows (GET /api/mfa/, the dashboard, the admin's user page). */
export interface SecondFactorSummary {
  /** The authenticator app's row, confirmed or a setup still pending; null when there is none. */
  totp: Pick<TotpFactorRecord, "confirmedAt" | "createdAt"> | null;
  unusedRecoveryCodes: number;
  passkeys: number;
}

/**
 * The account's second factors as its status shows them, in one statement: the status page asked four
 * (the app's row, the unused codes, the passkeys, and which kinds there are), each a round of Prisma.
 */
export async function findSecondFactorSummary(userId: string, tx?: Tx): Promise<SecondFactorSummary> {
  const db = await useDb(tx);
  const [row] = await db.$queryRaw<{ confirmed_at: Date | null; created_at: Date | null; recovery_codes: number; passkeys: number }[]>`
    SELECT t.confirmed_at, t.created_at,
      (SELECT count(*) FROM recovery_codes WHERE user_id = ${userId}::uuid AND used_at IS NULL)::int AS recovery_codes,
      (SELECT count(*) FROM passkeys WHERE user_id = ${userId}::uuid)::int AS passkeys
    FROM (SELECT 1) AS one LEFT JOIN totp_factors t ON t.user_id = ${userId}::uuid`;
  return {
    totp: row?.created_at ? { confirmedAt: row.confirmed_at, createdAt: row.created_at } : null,
    unusedRecoveryCodes: Number(row?.recovery_codes ?? 0),
    passkeys: Number(row?.passkeys ?? 0),
  };
}

/** Whether the account has an active second factor (an authenticator app or a passkey). */
export async function hasActiveSecondFactor(userId: string, tx?: Tx): Promise<boolean> {
  const { hasTotp, hasPasskey } = await findSecondFactorKinds(userId, tx);
  return hasTotp || hasPasskey;
}

/**
 * Takes the account's row lock inside the caller's transaction, so that adding a second factor is not
 * interleaved with another addition: the passkey cap holds under concurrent registrations, and two factors
 * added at once (an app confirmed while a passkey is registered) do not both find no recovery codes and
 * each issue ten.
 */
export async function lockSecondFactorOwner(userId: string, tx: Tx): Promise<void> {
  await tx.$queryRaw`SELECT id FROM users WHERE id = ${userId}::uuid FOR UPDATE`;
}

/** Replaces every recovery code of the account with `codeHashes` (call inside a transaction). */
export async function replaceRecoveryCodes(userId: string, codeHashes: string[], tx: Tx): Promise<void> {
  await tx.recoveryCode.deleteMany({ where: { userId } });
  await tx.recoveryCode.createMany({ data: codeHashes.map((codeHash) => ({ userId, codeHash })) });
}

export async function deleteRecoveryCodes(userId: string, tx?: Tx): Promise<number> {
  const db = await useDb(tx);
  return (await db.recoveryCode.deleteMany({ where: { userId } })).count;
}

/** Marks the unused code with this hash used: true for exactly one caller, however many try at once. */
export async function spendRecoveryCode(userId: string, codeHash: string, tx?: Tx): Promise<boolean> {
  const db = await useDb(tx);
  const rows = await db.$queryRaw<{ id: string }[]>`
    UPDATE recovery_codes SET used_at = now()
    WHERE user_id = ${userId}::uuid AND code_hash = ${codeHash} AND used_at IS NULL
    RETURNING id`;
  return rows.length === 1;
}

export async function countUnusedRecoveryCodes(userId: string, tx?: Tx): Promise<number> {
  const db = await useDb(tx);
  return db.recoveryCode.count({ where: { userId, usedAt: null } });
}
