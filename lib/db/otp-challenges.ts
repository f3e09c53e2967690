import "server-only";
import { getPrisma } from "@/lib/db/client";
import { inTransaction, useDb, type Tx } from "@/lib/db/transaction";

export type OtpPurpose = "verify_email" | "reset_password" | "change_email";

export interface OtpChallengeRecord {
  id: string;
  userId: string;
  purpose: string;
  /** change_email: the address the code went to. */
  target: string | null;
  /** The account's address key when the code was issued; the code is found only under this address. */
  emailKey: string;
  codeHash: string;
  attempts: number;
  createdAt: Date;
  expiresAt: Date;
  consumedAt: Date | null;
}

/** Starts a new challenge and kills every earlier live one of the same purpose, in one transaction. */
export async function replaceOtpChallenge(
  input: { id: string; userId: string; purpose: OtpPurpose; emailKey: string; codeHash: string; expiresAt: Date; target?: string | null },
  tx?: Tx,
): Promise<void> {
  await inTransaction(tx, async (tx) => {
    await cancelOtpChallenges(input.userId, input.purpose, tx);
    await tx.otpChallenge.create({ data: input });
  });
}

/** Kills every live code of this kind for the user (a request that sends no code must still end them). */
export async function cancelOtpChallenges(userId: string, purpose: OtpPurpose, tx?: Tx): Promise<void> {
  const db = await useDb(tx);
  await db.otpChallenge.updateMany({ where: { userId, purpose, consumedAt: null }, data: { consumedAt: new Date() } });
}

/** Kills every live code of the user, of every kind: the address they were sent to is no longer the account's. */
export async function cancelAllOtpChallenges(userId: string, tx?: Tx): Promise<void> {
  const db = await useDb(tx);
  await db.otpChallenge.updateMany({ where: { userId, consumedAt: null }, data: { consumedAt: new Date() } });
}

/**
 * The user's live code of this kind, if it was issued for `emailKey`: a code is bound to the address it was
 * issued for, so one that an address change failed to end still works for no other address.
 */
export async function findLiveOtpChallenge(userId: string, purpose: OtpPurpose, emailKey: string): Promise<OtpChallengeRecord | null> {
  const prisma = await getPrisma();
  return prisma.otpChallenge.findFirst({ where: { userId, purpose, emailKey, consumedAt: null }, orderBy: { createdAt: "desc" } });
}

export async function recordOtpFailure(id: string): Promise<void> {
  const prisma = await getPrisma();
  await prisma.otpChallenge.update({ where: { id }, data: { attempts: { increment: 1 } } });
}

/** Uses a code up; false if another request used (or a resend replaced) it first. */
export async function consumeOtpChallenge(challengeId: string, tx?: Tx): Promise<boolean> {
  const db = await useDb(tx);
  const { count } = await db.otpChallenge.updateMany({ where: { id: challengeId, consumedAt: null }, data: { consumedAt: new Date() } });
  return count === 1;
}
