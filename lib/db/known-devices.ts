import "server-only";
import { useDb, type Tx } from "@/lib/db/transaction";

/**
 * Records that the user signed in from this device; true only for the first time. Of two concurrent
 * sign-ins from one new device exactly one gets true (the insert skips an existing row).
 */
export async function rememberDevice(userId: string, deviceHash: string, tx?: Tx): Promise<boolean> {
  const db = await useDb(tx);
  const { count } = await db.knownDevice.createMany({ data: [{ userId, deviceHash }], skipDuplicates: true });
  if (count === 0) await db.knownDevice.updateMany({ where: { userId, deviceHash }, data: { lastSeenAt: new Date() } });
  return count === 1;
}
