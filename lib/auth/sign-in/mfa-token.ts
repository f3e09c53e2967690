import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { createMfaChallenge } from "@/lib/db/mfa-challenges";
import type { Authentication } from "@/lib/auth/sign-in/authentication";

/** How long the second step of a sign-in stays open, and how many wrong codes it takes. */
export const MFA_TOKEN_LIFETIME_SECONDS = 300;
export const MFA_TOKEN_MAX_ATTEMPTS = 5;

/** The stored form of an mfa_token: its sha256, hex (the token is 256 random bits, so no salt or stretching). */
export function hashMfaToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/**
 * Opens the second step of a sign-in whose first factor was proved: a random token bound to the account,
 * the credentials version it checked and the first factor's methods, stored hashed. The first factor's
 * success forgets the client's counted failures and stores the password's upgraded hash, as a completed
 * sign-in does.
 */
export async function startSecondStep(
  authentication: Authentication,
  clearFailures: { accountKey: string; client: string } | null,
  upgradedHash: string | null,
): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  const { user } = authentication;
  await createMfaChallenge(
    {
      userId: user.id,
      tokenHash: hashMfaToken(token),
      credentialsVersion: user.credentialsVersion,
      methods: authentication.methods,
      expiresAt: new Date(Date.now() + MFA_TOKEN_LIFETIME_SECONDS * 1000),
    },
    clearFailures,
    upgradedHash,
  );
  return token;
}
