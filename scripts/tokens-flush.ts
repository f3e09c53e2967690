// `npm run tokens:flush`: deletes expired sessions, refresh tokens, codes, passkey challenges, remembered browsers, authenticator-app setups
// left unconfirmed (30 minutes) and rate-limit rows.
// Tombstones of used refresh tokens stay while they could still be replayed (see flushExpired).
import { closeDatabase } from "@/lib/db/client";
import { flushExpired } from "@/lib/db/cleanup";

try {
  const result = await flushExpired();
  console.log(
    `Flushed ${result.sessions} sessions, ${result.refreshTokens} refresh tokens, ` +
      `${result.otpChallenges} codes, ${result.webauthnChallenges} passkey challenges, ${result.trustedBrowsers} remembered browsers, ` +
      `${result.abandonedTotpSetups} unconfirmed authenticator-app setups and ` +
      `${result.rateLimits} rate-limit counters.`,
  );
  await closeDatabase();
  process.exit(0);
} catch (error) {
  console.error(`tokens:flush failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
