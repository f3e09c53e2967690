import "server-only";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import type { JWK } from "jose";
import { getDatabase, type Database } from "@/lib/db/client";
import { findOrCreateSecret, readSecrets, updateSecrets } from "@/lib/db/secrets";
import { createSecretsFile, readSecretsFile, secretsFileOf, updateSecretsFile, type SecretsDocument } from "@/lib/db/secrets-file";
import { findDataDirOwner } from "@/lib/db/data-dir-lock.mjs";
import { parseDatabaseUrl } from "@/lib/db/database-url.mjs";
import type { Tx } from "@/lib/db/transaction";
import { getEnv } from "@/lib/env";

/** A signing key that was replaced: its public half stays published while tokens it signed may live. */
export interface RetiredKey {
  /** Public JWK with its `kid`. */
  jwk: JWK;
  /** Unix seconds. */
  retiredAt: number;
  /** Who ran the rotation that retired it. */
  rotatedBy?: string;
  /** The embedded server that has the database open records the rotation's audit row when it re-reads the file. */
  auditPending?: boolean;
}

export interface StoredSecrets {
  signingKeyPem: string;
  otpSecret: string;
  retiredKeys: RetiredKey[];
}

/**
 * Where generated secrets live: `.data/secrets.json` beside an embedded database (a running server re-reads
 * the file, so a rotation needs no database access), the `server_secrets` table on PostgreSQL (shared by every
 * instance), or this process's memory for an in-memory database.
 */
export type KeyStoreKind = "file" | "database" | "memory";

const SIGNING_KEY = "jwt_signing_key";
const OTP_SECRET = "otp_secret";
const RETIRED_KEYS = "jwt_retired_keys";
const MFA_SECRET = "mfa_encryption_key";

export function generateSigningKeyPem(): string {
  return generateKeyPairSync("ed25519").privateKey.export({ format: "pem", type: "pkcs8" }).toString();
}

function generateSecrets(): StoredSecrets {
  return { signingKeyPem: generateSigningKeyPem(), otpSecret: randomBytes(32).toString("base64url"), retiredKeys: [] };
}

function parseRetiredKeys(value: unknown): RetiredKey[] {
  const parsed = typeof value === "string" ? (JSON.parse(value) as unknown) : value;
  if (parsed === undefined || parsed === null) return [];
  if (!Array.isArray(parsed)) throw new Error("The stored retired signing keys are not a list.");
  return parsed as RetiredKey[];
}

function fromDocument(document: SecretsDocument): StoredSecrets {
  const { signingKeyPem, otpSecret } = document;
  if (typeof signingKeyPem !== "string" || typeof otpSecret !== "string") throw new Error("secrets.json lacks signingKeyPem or otpSecret.");
  return { signingKeyPem, otpSecret, retiredKeys: parseRetiredKeys(document.retiredKeys) };
}

function fromRows(rows: Map<string, string>): StoredSecrets {
  const signingKeyPem = rows.get(SIGNING_KEY);
  const otpSecret = rows.get(OTP_SECRET);
  if (!signingKeyPem || !otpSecret) throw new Error("server_secrets lacks jwt_signing_key or otp_secret.");
  return { signingKeyPem, otpSecret, retiredKeys: parseRetiredKeys(rows.get(RETIRED_KEYS)) };
}

// On globalThis, like the key ring: Next may bundle this module more than once (routes, pages, proxy), and a
// second copy with a map of its own would generate other keys on its first re-read.
const globalForSecrets = globalThis as unknown as { authMemorySecrets?: WeakMap<Database, StoredSecrets>; authMemoryMfaSecrets?: WeakMap<Database, string> };
const memorySecrets = (globalForSecrets.authMemorySecrets ??= new WeakMap<Database, StoredSecrets>());
const memoryMfaSecrets = (globalForSecrets.authMemoryMfaSecrets ??= new WeakMap<Database, string>());

type KeyStore = { kind: "file"; file: string; dataDir: string } | { kind: "database" } | { kind: "memory" };

/** Decided from the configuration alone: rotating the file store must not open (and lock) the embedded database. */
function keyStore(): KeyStore {
  const env = getEnv();
  const target = parseDatabaseUrl(env.DATABASE_URL, env.DATA_DIR);
  if (target.kind === "postgres") return { kind: "database" };
  return target.dataDir ? { kind: "file", file: secretsFileOf(target.dataDir), dataDir: target.dataDir } : { kind: "memory" };
}

export function keyStoreKind(): KeyStoreKind {
  return keyStore().kind;
}

/** For the file store: the pid of the server that has the embedded database open (it re-reads the file itself). */
export function findRunningServer(): number | null {
  const store = keyStore();
  return store.kind === "file" ? findDataDirOwner(store.dataDir) : null;
}

/** The stored secrets, generated and stored first if there are none yet (instances racing agree on one). */
export async function readStoredSecrets(): Promise<StoredSecrets> {
  const store = keyStore();
  if (store.kind === "file") return fromDocument(readSecretsFile(store.file) ?? createSecretsFile(store.file, { ...generateSecrets() }));
  if (store.kind === "memory") {
    const database = await getDatabase();
    if (!memorySecrets.has(database)) memorySecrets.set(database, generateSecrets());
    return memorySecrets.get(database)!;
  }
  const rows = await readSecrets([SIGNING_KEY, OTP_SECRET, RETIRED_KEYS]);
  if (rows.has(SIGNING_KEY) && rows.has(OTP_SECRET)) return fromRows(rows);
  const fresh = generateSecrets();
  await findOrCreateSecret(SIGNING_KEY, fresh.signingKeyPem);
  await findOrCreateSecret(OTP_SECRET, fresh.otpSecret);
  return fromRows(await readSecrets([SIGNING_KEY, OTP_SECRET, RETIRED_KEYS]));
}

/**
 * Replaces the signing key and the retired list with what `change` returns, atomically and one writer at a
 * time. On PostgreSQL `alongside` (the audit row) commits with the change; elsewhere the caller records it.
 */
export async function changeStoredSigningKeys(
  change: (current: StoredSecrets) => Promise<Pick<StoredSecrets, "signingKeyPem" | "retiredKeys">>,
  alongside?: (tx: Tx) => Promise<void>,
): Promise<{ store: KeyStoreKind; secrets: StoredSecrets }> {
  const store = keyStore();
  if (store.kind === "file") {
    const document = await updateSecretsFile(store.file, async (current) => {
      const secrets = current ? fromDocument(current) : generateSecrets();
      return { ...current, ...secrets, ...(await change(secrets)) };
    });
    return { store: store.kind, secrets: fromDocument(document) };
  }
  if (store.kind === "memory") {
    const current = await readStoredSecrets();
    const secrets = { ...current, ...(await change(current)) };
    memorySecrets.set(await getDatabase(), secrets);
    return { store: store.kind, secrets };
  }
  await readStoredSecrets();
  const rows = await updateSecrets(
    SIGNING_KEY,
    [SIGNING_KEY, OTP_SECRET, RETIRED_KEYS],
    async (current) => {
      const next = await change(fromRows(current));
      return new Map([
        [SIGNING_KEY, next.signingKeyPem],
        [RETIRED_KEYS, JSON.stringify(next.retiredKeys)],
      ]);
    },
    alongside,
  );
  return { store: store.kind, secrets: fromRows(new Map([...(await readSecrets([OTP_SECRET])), ...rows])) };
}

function generateMfaSecret(): string {
  return randomBytes(32).toString("base64url");
}

/**
 * The stored key that second factors' secrets are encrypted under (lib/auth/mfa/mfa-keys.ts), generated and
 * stored first if there is none: kept apart from the signing keys, so a data directory or database from
 * before second factors gets one added without touching them, and instances racing agree on one.
 */
export async function readStoredMfaSecret(): Promise<string> {
  const store = keyStore();
  if (store.kind === "file") {
    const existing = readSecretsFile(store.file)?.mfaSecret;
    if (typeof existing === "string") return existing;
    const document = await updateSecretsFile(store.file, async (current) => {
      const base = current ?? { ...generateSecrets() };
      return typeof base.mfaSecret === "string" ? base : { ...base, mfaSecret: generateMfaSecret() };
    });
    return document.mfaSecret as string;
  }
  if (store.kind === "memory") {
    const database = await getDatabase();
    if (!memoryMfaSecrets.has(database)) memoryMfaSecrets.set(database, generateMfaSecret());
    return memoryMfaSecrets.get(database)!;
  }
  return findOrCreateSecret(MFA_SECRET, generateMfaSecret());
}
