import "server-only";
import { getPrisma } from "@/lib/db/client";
import { TOTP_SETUP_LIFETIME_MS } from "@/lib/db/second-factors";

export interface FlushResult {
  sessions: number;
  refreshTokens: number;
  otpChallenges: number;
  rateLimits: number;
  webauthnChallenges: number;
  trustedBrowsers: number;
  /** Authenticator-app setups never confirmed within TOTP_SETUP_LIFETIME_MS. */
  abandonedTotpSetups: number;
}

/**
 * Deletes what can no longer matter. A used refresh token is kept while it is unexpired and its session
 * lives, because presenting it again must still be detected as reuse; once its own `exp` has passed the
 * signature check rejects it anyway, and a token whose row is gone is refused as unknown.
 */
export async function flushExpired(now = new Date()): Promise<FlushResult> {
  const prisma = await getPrisma();
  const dayAgo = new Date(now.getTime() - 86_400_000);
  const abandonedBefore = new Date(now.getTime() - TOTP_SETUP_LIFETIME_MS);
  const [sessions, refreshTokens, otpChallenges, rateLimits, signInFailures, webauthnChallenges, trustedBrowsers, totpSetups] = await prisma.$transaction([
    prisma.session.deleteMany({ where: { OR: [{ expiresAt: { lte: now } }, { revokedAt: { lte: dayAgo } }] } }),
    prisma.refreshToken.deleteMany({ where: { expiresAt: { lte: now } } }),
    prisma.otpChallenge.deleteMany({ where: { expiresAt: { lte: dayAgo } } }),
    prisma.rateLimiterFlexible.deleteMany({ where: { expire: { lte: now } } }),
    prisma.signInFailure.deleteMany({ where: { windowEndsAt: { lte: now } } }),
    prisma.webauthnChallenge.deleteMany({ where: { expiresAt: { lte: now } } }),
    prisma.trustedBrowser.deleteMany({ where: { expiresAt: { lte: now } } }),
    prisma.totpFactor.deleteMany({ where: { confirmedAt: null, createdAt: { lte: abandonedBefore } } }),
  ]);
  const limits = rateLimits.count + signInFailures.count;
  return {
    sessions: sessions.count,
    refreshTokens: refreshTokens.count,
    otpChallenges: otpChallenges.count,
    rateLimits: limits,
    webauthnChallenges: webauthnChallenges.count,
    trustedBrowsers: trustedBrowsers.count,
    abandonedTotpSetups: totpSetups.count,
  };
}
