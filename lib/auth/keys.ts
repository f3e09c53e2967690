import "server-only";
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { calculateJwkThumbprint, exportJWK, type JWK } from "jose";
import { getDatabase } from "@/lib/db/client";
import { findOrCreateSecret } from "@/lib/db/secrets";
import { getEnv } from "@/lib/env";

export interface ServerKeys {
  kid: string;
  privateKey: KeyObject;
  /** Every key a token may be verified with: the signing key first, then rollover keys. */
  publicKeys: Map<string, KeyObject>;
  jwks: { keys: JWK[] };
  otpKey: Buffer;
}

interface StoredSecrets {
  signingKeyPem: string;
  otpSecret: string;
}

function generateSecrets(): StoredSecrets {
  const { privateKey } = generateKeyPairSync("ed25519");
  return {
    signingKeyPem: privateKey.export({ format: "pem", type: "pkcs8" }).toString(),
    otpSecret: randomBytes(32).toString("base64url"),
  };
}

/** Embedded mode keeps its secrets beside the data, readable by the owner only. */
function loadSecretsFile(dataDir: string): StoredSecrets {
  const file = path.join(path.dirname(dataDir), "secrets.json");
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as StoredSecrets;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  const secrets = generateSecrets();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(secrets), { mode: 0o600, flag: "wx" });
  return secrets;
}

async function loadStoredSecrets(): Promise<StoredSecrets> {
  const database = await getDatabase();
  if (database.kind === "pglite") return database.dataDir ? loadSecretsFile(database.dataDir) : generateSecrets();
  const fresh = generateSecrets();
  return {
    signingKeyPem: await findOrCreateSecret("jwt_signing_key", fresh.signingKeyPem),
    otpSecret: await findOrCreateSecret("otp_secret", fresh.otpSecret),
  };
}

async function toPublicJwk(key: KeyObject): Promise<{ kid: string; jwk: JWK }> {
  const jwk = await exportJWK(key);
  const kid = await calculateJwkThumbprint(jwk);
  return { kid, jwk: { ...jwk, kid, alg: "EdDSA", use: "sig" } };
}

async function loadKeys(): Promise<ServerKeys> {
  const env = getEnv();
  const configured = env.JWT_PRIVATE_KEY && env.OTP_SECRET ? { signingKeyPem: env.JWT_PRIVATE_KEY, otpSecret: env.OTP_SECRET } : null;
  const stored = configured ?? (await loadStoredSecrets());
  const privateKey = createPrivateKey(env.JWT_PRIVATE_KEY ?? stored.signingKeyPem);
  if (privateKey.asymmetricKeyType !== "ed25519") throw new Error("JWT_PRIVATE_KEY must be an Ed25519 private key (PKCS#8 PEM).");
  const current = await toPublicJwk(createPublicKey(privateKey));
  const publicKeys = new Map<string, KeyObject>([[current.kid, createPublicKey(privateKey)]]);
  const jwks: JWK[] = [current.jwk];
  const previous = env.JWT_PREVIOUS_PUBLIC_KEYS ? (JSON.parse(env.JWT_PREVIOUS_PUBLIC_KEYS) as JWK[]) : [];
  for (const jwk of previous) {
    const key = createPublicKey({ key: jwk as import("node:crypto").JsonWebKey, format: "jwk" });
    const entry = await toPublicJwk(key);
    publicKeys.set(entry.kid, key);
    jwks.push(entry.jwk);
  }
  const otpKey = Buffer.from(env.OTP_SECRET ?? stored.otpSecret, "utf8");
  return { kid: current.kid, privateKey, publicKeys, jwks: { keys: jwks }, otpKey };
}

const globalForKeys = globalThis as unknown as { authKeys?: Promise<ServerKeys> };

export function getKeys(): Promise<ServerKeys> {
  globalForKeys.authKeys ??= loadKeys().catch((error: unknown) => {
    globalForKeys.authKeys = undefined;
    throw error;
  });
  return globalForKeys.authKeys;
}

/** Forget the loaded keys (after the database or environment changed). */
export function resetKeys(): void {
  globalForKeys.authKeys = undefined;
}
