import "server-only";
import { getPrisma } from "@/lib/db/client";

export type OtpPurpose = "verify_email" | "reset_password";

export interface OtpChallengeRecord {
  id: string;
  userId: string;
  purpose: string;
  codeHash: string;
  attempts: number;
  createdAt: Date;
  expiresAt: Date;
  consumedAt: Date | null;
}

/** Starts a new challenge and kills every earlier live one of the same purpose, in one transaction. */
export async function replaceOtpChallenge(input: { id: string; userId: string; purpose: OtpPurpose; codeHash: string; expiresAt: Date }): Promise<void> {
  const prisma = await getPrisma();
  const now = new Date();
  await prisma.$transaction([
    prisma.otpChallenge.updateMany({ where: { userId: input.userId, purpose: input.purpose, consumedAt: null }, data: { consumedAt: now } }),
    prisma.otpChallenge.create({ data: input }),
  ]);
}

export async function findLiveOtpChallenge(userId: string, purpose: OtpPurpose = "verify_email"): Promise<OtpChallengeRecord | null> {
  const prisma = await getPrisma();
  return prisma.otpChallenge.findFirst({ where: { userId, purpose, consumedAt: null }, orderBy: { createdAt: "desc" } });
}

export async function recordOtpFailure(id: string): Promise<void> {
  const prisma = await getPrisma();
  await prisma.otpChallenge.update({ where: { id }, data: { attempts: { increment: 1 } } });
}

/** Consumes the challenge and verifies the user at once; false if another request consumed it first. */
export async function consumeOtpChallenge(challengeId: string, userId: string): Promise<boolean> {
  const prisma = await getPrisma();
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.otpChallenge.updateMany({ where: { id: challengeId, consumedAt: null }, data: { consumedAt: new Date() } });
    if (count !== 1) return false;
    await tx.user.update({ where: { id: userId }, data: { isVerified: true } });
    return true;
  });
}

/**
 * Consumes a reset code and, in the same transaction, sets the new password, marks the email verified
 * (the code proved it) and ends every session of the user: whoever knew the old password is out.
 */
export async function consumeResetChallenge(challengeId: string, userId: string, passwordHash: string): Promise<boolean> {
  const prisma = await getPrisma();
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.otpChallenge.updateMany({ where: { id: challengeId, consumedAt: null }, data: { consumedAt: new Date() } });
    if (count !== 1) return false;
    const now = new Date();
    await tx.user.update({ where: { id: userId }, data: { passwordHash, isVerified: true, credentialsVersion: { increment: 1 } } });
    await tx.session.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: now, revokedReason: "password_reset" } });
    return true;
  });
}
