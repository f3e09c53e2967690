import "server-only";
import { getPrisma } from "@/lib/db/client";
import { withTransaction, type Tx } from "@/lib/db/transaction";
import { recordAuditEvent } from "@/lib/db/audit";

/**
 * Returns the stored value of a server secret, storing `candidate` first if there is none.
 * Instances racing at first start all end up with the one value that won the insert.
 */
export async function findOrCreateSecret(name: string, candidate: string): Promise<string> {
  const prisma = await getPrisma();
  await prisma.serverSecret.createMany({ data: [{ name, value: candidate }], skipDuplicates: true });
  const row = await prisma.serverSecret.findUniqueOrThrow({ where: { name } });
  return row.value;
}

/** The stored values of `names` (absent ones are missing from the map), in one statement. */
export async function readSecrets(names: string[]): Promise<Map<string, string>> {
  const prisma = await getPrisma();
  const rows = await prisma.serverSecret.findMany({ where: { name: { in: names } }, select: { name: true, value: true } });
  return new Map(rows.map((row) => [row.name, row.value]));
}

/**
 * Reads `names` with their rows locked, writes what `update` returns, and runs `alongside` in the same
 * transaction: two writers (two rotations at once) take turns, and readers see all of a change or none.
 * `lockName` must exist already (findOrCreateSecret); it is the row the writers queue on.
 */
export async function updateSecrets(
  lockName: string,
  names: string[],
  update: (current: Map<string, string>) => Promise<Map<string, string>>,
  alongside?: (tx: Tx) => Promise<void>,
): Promise<Map<string, string>> {
  return withTransaction(async (tx) => {
    await tx.$queryRaw`SELECT name FROM server_secrets WHERE name = ${lockName} FOR UPDATE`;
    const rows = await tx.serverSecret.findMany({ where: { name: { in: names } }, select: { name: true, value: true } });
    const next = await update(new Map(rows.map((row) => [row.name, row.value])));
    for (const [name, value] of next) {
      await tx.serverSecret.upsert({ where: { name }, create: { name, value }, update: { value } });
    }
    await alongside?.(tx);
    return next;
  });
}

/**
 * The audit row of a signing-key rotation: an operator's act on the whole service, so it names no user
 * (and never shows among a user's security events). `who` says which operator account ran it, and where.
 */
export async function recordKeyRotation(detail: { kid: string; previous_kid: string; who: string }, tx?: Tx): Promise<void> {
  await recordAuditEvent("signing_key_rotated", { ip: null, userAgent: null }, { detail }, tx);
}
