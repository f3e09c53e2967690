import "server-only";
import { hkdfSync } from "node:crypto";
import { getDatabase, type Database } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { readStoredMfaSecret } from "@/lib/auth/key-store";

/** The keys second factors use, each derived from the one MFA key under its own label, so neither can stand in for the other. */
export interface MfaKeys {
  /** AES-256-GCM key of the authenticator apps' secrets (secret-box.ts). */
  secretBoxKey: Buffer;
  /** HMAC-SHA256 key of the stored recovery codes (recovery-codes.ts). */
  recoveryCodeKey: Buffer;
}

const SECRET_BOX_LABEL = "next-jwt-auth mfa secret-box v1";
const RECOVERY_CODE_LABEL = "next-jwt-auth mfa recovery-code v1";

/** Derives both keys from MFA_ENCRYPTION_KEY's text (or the stored one's) with HKDF-SHA256. */
export function deriveMfaKeys(secret: string): MfaKeys {
  const material = Buffer.from(secret, "utf8");
  const derive = (label: string): Buffer => Buffer.from(hkdfSync("sha256", material, Buffer.alloc(0), label, 32));
  return { secretBoxKey: derive(SECRET_BOX_LABEL), recoveryCodeKey: derive(RECOVERY_CODE_LABEL) };
}

interface CachedKeys {
  source: string | Database;
  keys: Promise<MfaKeys>;
}

// On globalThis, like the signing keys: Next may bundle this module more than once.
const globalForMfa = globalThis as unknown as { authMfaKeys?: CachedKeys };

/**
 * The MFA keys of this process: from MFA_ENCRYPTION_KEY, else the stored key (generated at first use, like
 * the OTP secret). Read once per source; a reopened database (tests) reads its own.
 */
export async function getMfaKeys(): Promise<MfaKeys> {
  const fromEnv = getEnv().MFA_ENCRYPTION_KEY;
  const source = fromEnv ?? (await getDatabase());
  const cached = globalForMfa.authMfaKeys;
  if (cached?.source === source) return cached.keys;
  const keys = (fromEnv ? Promise.resolve(fromEnv) : readStoredMfaSecret()).then(deriveMfaKeys);
  globalForMfa.authMfaKeys = { source, keys };
  keys.catch(() => {
    if (globalForMfa.authMfaKeys?.keys === keys) globalForMfa.authMfaKeys = undefined;
  });
  return keys;
}
