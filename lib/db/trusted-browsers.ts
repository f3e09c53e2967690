import "server-only";
import { useDb, type Tx } from "@/lib/db/transaction";

/** A remembered browser as its owner's list shows it (the token's hash stays here). */
export interface TrustedBrowserRecord {
  id: string;
  tokenHash: string;
  device: string;
  createdAt: Date;
  lastUsedAt: Date;
  expiresAt: Date;
}

/** What a second step that asked to remember its browser stores (written by lib/db/sign-ins.ts recordSignIn). */
export interface NewTrustedBrowser {
  tokenHash: string;
  device: string;
  expiresAt: Date;
}

/** The account's unexpired remembered browsers, the most recently remembered first. */
export async function listTrustedBrowsers(userId: string, tx?: Tx): Promise<TrustedBrowserRecord[]> {
  const db = await useDb(tx);
  return db.trustedBrowser.findMany({
    where: { userId, expiresAt: { gt: new Date() } },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    select: { id: true, tokenHash: true, device: true, createdAt: true, lastUsedAt: true, expiresAt: true },
  });
}

/** Forgets one of the account's remembered browsers: its token hash, or null when it has none with this id. */
export async function deleteTrustedBrowser(id: string, userId: string, tx?: Tx): Promise<string | null> {
  const db = await useDb(tx);
  const [row] = await db.$queryRaw<{ token_hash: string }[]>`
    DELETE FROM trusted_browsers WHERE id = ${id}::uuid AND user_id = ${userId}::uuid RETURNING token_hash`;
  return row?.token_hash ?? null;
}

/** Forgets every remembered browser of the account (expired ones too); how many unexpired ones there were. */
export async function deleteTrustedBrowsers(userId: string, tx?: Tx): Promise<number> {
  const db = await useDb(tx);
  const rows = await db.$queryRaw<{ is_live: boolean }[]>`
    DELETE FROM trusted_browsers WHERE user_id = ${userId}::uuid RETURNING expires_at > now() AS is_live`;
  return rows.filter((row) => row.is_live).length;
}
