import "server-only";
import { getPrisma } from "@/lib/db/client";
import { useDb, type Tx } from "@/lib/db/transaction";

/**
 * First-administrator setup links live as `setup:<sha256 of the token>` rows of server_secrets (the value is
 * the expiry, ISO 8601): in the database on both the embedded store and PostgreSQL, so a link printed by one
 * instance works on any of them. Only the hash is stored.
 */
const PREFIX = "setup:";

// Any constant: the key of the advisory lock under which first administrators are created, one at a time.
const SETUP_LOCK_KEY = 48_151_623;

export async function hasStaffAccount(tx?: Tx): Promise<boolean> {
  const db = await useDb(tx);
  return (await db.user.count({ where: { isStaff: true } })) > 0;
}

/** Stores a new link's hash; links already past their expiry are dropped on the way. */
export async function storeSetupLink(tokenHash: string, expiresAt: Date): Promise<void> {
  const prisma = await getPrisma();
  const rows = await prisma.serverSecret.findMany({ where: { name: { startsWith: PREFIX } }, select: { name: true, value: true } });
  const expired = rows.filter((row) => !(new Date(row.value).getTime() > Date.now())).map((row) => row.name);
  await prisma.$transaction([
    prisma.serverSecret.deleteMany({ where: { name: { in: expired } } }),
    prisma.serverSecret.create({ data: { name: `${PREFIX}${tokenHash}`, value: expiresAt.toISOString() } }),
  ]);
}

/** When the link with this hash expires; null when there is no such link. */
export async function findSetupLinkExpiry(tokenHash: string, tx?: Tx): Promise<Date | null> {
  const db = await useDb(tx);
  const row = await db.serverSecret.findUnique({ where: { name: `${PREFIX}${tokenHash}` }, select: { value: true } });
  return row ? new Date(row.value) : null;
}

/** Makes the transaction the only one creating a first administrator until it ends. */
export async function lockFirstAdminSetup(tx: Tx): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SETUP_LOCK_KEY}::bigint)`;
}

/** Every setup link, used or not: once an administrator exists none may create another. */
export async function deleteSetupLinks(tx?: Tx): Promise<void> {
  const db = await useDb(tx);
  await db.serverSecret.deleteMany({ where: { name: { startsWith: PREFIX } } });
}
