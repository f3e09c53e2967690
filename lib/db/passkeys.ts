import "server-only";
import { useDb, type Tx } from "@/lib/db/transaction";

export interface NewPasskey {
  userId: string;
  credentialId: string;
  publicKey: Uint8Array;
  counter: number;
  transports: string[];
  deviceType: string;
  backedUp: boolean;
  name: string;
}

/** A passkey as the use cases see it. */
export interface PasskeyRecord extends NewPasskey {
  id: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

function toRecord(row: Omit<PasskeyRecord, "counter"> & { counter: bigint }): PasskeyRecord {
  return { ...row, publicKey: new Uint8Array(row.publicKey), counter: Number(row.counter) };
}

export async function listPasskeys(userId: string, tx?: Tx): Promise<PasskeyRecord[]> {
  const db = await useDb(tx);
  return (await db.passkey.findMany({ where: { userId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] })).map(toRecord);
}

export async function countPasskeys(userId: string, tx?: Tx): Promise<number> {
  const db = await useDb(tx);
  return db.passkey.count({ where: { userId } });
}

export async function findPasskeyByCredentialId(credentialId: string, tx?: Tx): Promise<PasskeyRecord | null> {
  const db = await useDb(tx);
  const row = await db.passkey.findUnique({ where: { credentialId } });
  return row ? toRecord(row) : null;
}

/** The user's passkey with this id; null for another user's (or none). */
export async function findPasskeyOfUser(id: string, userId: string, tx?: Tx): Promise<PasskeyRecord | null> {
  const db = await useDb(tx);
  const row = await db.passkey.findFirst({ where: { id, userId } });
  return row ? toRecord(row) : null;
}

/** Stores a new passkey; null when its credential ID is registered already (to any account). */
export async function insertPasskey(input: NewPasskey, tx: Tx): Promise<PasskeyRecord | null> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO passkeys (id, user_id, credential_id, public_key, counter, transports, device_type, backed_up, name, created_at)
    VALUES (gen_random_uuid(), ${input.userId}::uuid, ${input.credentialId}, ${Buffer.from(input.publicKey)}, ${BigInt(input.counter)},
      ${input.transports}::text[], ${input.deviceType}, ${input.backedUp}, ${input.name}, now())
    ON CONFLICT (credential_id) DO NOTHING
    RETURNING id`;
  return rows[0] ? findPasskeyOfUser(rows[0].id, input.userId, tx) : null;
}

export async function renamePasskey(id: string, userId: string, name: string, tx?: Tx): Promise<PasskeyRecord | null> {
  const db = await useDb(tx);
  const { count } = await db.passkey.updateMany({ where: { id, userId }, data: { name } });
  return count === 1 ? findPasskeyOfUser(id, userId, tx) : null;
}

export async function deletePasskey(id: string, userId: string, tx?: Tx): Promise<boolean> {
  const db = await useDb(tx);
  return (await db.passkey.deleteMany({ where: { id, userId } })).count === 1;
}

export async function deletePasskeys(userId: string, tx?: Tx): Promise<number> {
  const db = await useDb(tx);
  return (await db.passkey.deleteMany({ where: { userId } })).count;
}

/**
 * Records a verified use: moves the counter to `counter` and sets last_used_at, only if that is a move
 * forward (or the authenticator keeps no counter: 0 then and 0 now). False when the stored counter is
 * already at or past it: the assertion came from a copy of the key (or replays an older state).
 */
export async function advancePasskeyCounter(id: string, counter: number, tx?: Tx): Promise<boolean> {
  const db = await useDb(tx);
  const next = BigInt(counter);
  const rows = await db.$queryRaw<{ id: string }[]>`
    UPDATE passkeys SET counter = ${next}, last_used_at = now()
    WHERE id = ${id}::uuid AND (counter < ${next} OR (counter = 0 AND ${next} = 0))
    RETURNING id`;
  return rows.length === 1;
}
