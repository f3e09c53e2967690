import "server-only";
import type { JWK } from "jose";
import { changeStoredSigningKeys, findRunningServer, generateSigningKeyPem, type KeyStoreKind } from "@/lib/auth/key-store";
import { describePrivateKey, parsePreviousPublicKeys, retiredKeyExpiresAt } from "@/lib/auth/keys";
import { recordKeyRotation } from "@/lib/db/secrets";
import { getEnv } from "@/lib/env";

export interface KeyRotation {
  store: KeyStoreKind;
  kid: string;
  previousKid: string;
  /** Retired keys still published (the one just retired included), with when each stops verifying. */
  retired: { kid: string; expiresAt: Date }[];
  /** Retired keys dropped because every token they signed has expired. */
  dropped: string[];
  /** Who wrote the audit row: this command, or (embedded database in use) the running server when it re-reads the file. */
  auditedBy: "this command" | { serverPid: number };
}

/**
 * `npm run keys:rotate`: a new Ed25519 key becomes the stored signing key; the previous one is kept, public
 * half only, while tokens it signed may still be valid (retiredKeyExpiresAt). One rotation at a time; on
 * PostgreSQL the audit row commits with it. Running servers switch at their next reload.
 */
export async function rotateSigningKey(who: string): Promise<KeyRotation> {
  if (getEnv().JWT_PRIVATE_KEY) {
    throw new Error("JWT_PRIVATE_KEY is set, so the stored keys are not used: roll the key over in the environment (README, \"Signing keys\"; `npm run keys:rotate -- --env` prints the new values).");
  }
  const signingKeyPem = generateSigningKeyPem();
  const fresh = await describePrivateKey(signingKeyPem);
  const now = Math.floor(Date.now() / 1000);
  // The embedded database is locked by a running server: that server writes the audit row instead.
  const serverPid = findRunningServer();
  let previousKid = "";
  let dropped: string[] = [];
  const { store, secrets } = await changeStoredSigningKeys(
    async (current) => {
      const previous = await describePrivateKey(current.signingKeyPem);
      previousKid = previous.kid;
      const kept = current.retiredKeys.filter((key) => retiredKeyExpiresAt(key.retiredAt) > now);
      dropped = current.retiredKeys.filter((key) => !kept.includes(key)).map((key) => String(key.jwk.kid));
      return { signingKeyPem, retiredKeys: [...kept, { jwk: previous.jwk, retiredAt: now, rotatedBy: who, auditPending: serverPid !== null }] };
    },
    (tx) => recordKeyRotation({ kid: fresh.kid, previous_kid: previousKid, who }, tx),
  );
  const detail = { kid: fresh.kid, previous_kid: previousKid, who };
  if (store !== "database" && serverPid === null) await recordKeyRotation(detail);
  const retired = secrets.retiredKeys.map((key) => ({ kid: String(key.jwk.kid), expiresAt: new Date(retiredKeyExpiresAt(key.retiredAt) * 1000) }));
  return { store, kid: fresh.kid, previousKid, retired, dropped, auditedBy: serverPid === null ? "this command" : { serverPid } };
}

export interface EnvironmentRollover {
  kid: string;
  previousKid: string;
  /** Step 1, on every instance: keep signing with the old key, already accept the new one. */
  stagedPreviousPublicKeys: string;
  /** Step 2: sign with the new key, keep accepting the old one. */
  privateKeyPem: string;
  previousPublicKeys: string;
}

/** The values of a rollover of JWT_PRIVATE_KEY (README, "Signing keys"): nothing is stored. */
export async function planEnvironmentRollover(): Promise<EnvironmentRollover> {
  const env = getEnv();
  if (!env.JWT_PRIVATE_KEY) throw new Error("JWT_PRIVATE_KEY is not set: without --env, keys:rotate rotates the stored key.");
  const current = await describePrivateKey(env.JWT_PRIVATE_KEY);
  const privateKeyPem = generateSigningKeyPem();
  const fresh = await describePrivateKey(privateKeyPem);
  const accepted: JWK[] = parsePreviousPublicKeys(env.JWT_PREVIOUS_PUBLIC_KEYS);
  return {
    kid: fresh.kid,
    previousKid: current.kid,
    stagedPreviousPublicKeys: JSON.stringify([...accepted, fresh.jwk]),
    privateKeyPem,
    previousPublicKeys: JSON.stringify([...accepted, current.jwk]),
  };
}
