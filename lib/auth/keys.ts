import "server-only";
import { createPrivateKey, createPublicKey, type JsonWebKey, type KeyObject } from "node:crypto";
import { calculateJwkThumbprint, exportJWK, type JWK } from "jose";
import { recordKeyRotation } from "@/lib/db/secrets";
import { runInBackground } from "@/lib/background";
import { getEnv, type Env } from "@/lib/env";
import { readStoredSecrets, type RetiredKey } from "@/lib/auth/key-store";

export interface ServerKeys {
  kid: string;
  privateKey: KeyObject;
  /** Every key a token may be verified with, by kid: the signing key, retired keys, rollover keys. */
  publicKeys: Map<string, KeyObject>;
  jwks: { keys: JWK[] };
  otpKey: Buffer;
  /** The stored retired keys still in use (none when the keys come from the environment). */
  retired: RetiredKey[];
}

interface ImportedKey {
  kid: string;
  publicKey: KeyObject;
  jwk: JWK;
  privateKey?: KeyObject;
}

/** A token with a kid we do not know makes us re-read the stored keys at most this often. */
const UNKNOWN_KID_RELOAD_MS = 5_000;

interface KeyRing {
  current?: Promise<ServerKeys>;
  reloading?: Promise<ServerKeys>;
  /** When a token's unknown kid last made us re-read: junk kids must not turn into a read per request. */
  lastUnknownKidReloadAt: number;
  /** When the JWKS last made us re-read (at most once a second). */
  lastPublishedReloadAt: number;
  timer?: NodeJS.Timeout;
  /** Keys already imported, by their source text: a reload imports only what is new. */
  imported: Map<string, ImportedKey>;
}

// On globalThis: Next may bundle this module more than once (routes, proxy); one process has one ring.
const globalForKeys = globalThis as unknown as { authKeyRing?: KeyRing };
function ring(): KeyRing {
  globalForKeys.authKeyRing ??= { lastUnknownKidReloadAt: 0, lastPublishedReloadAt: 0, imported: new Map() };
  return globalForKeys.authKeyRing;
}

async function importKey(source: string, parse: () => { publicKey: KeyObject; privateKey?: KeyObject }): Promise<ImportedKey> {
  const cached = ring().imported.get(source);
  if (cached) return cached;
  const { publicKey, privateKey } = parse();
  if (publicKey.asymmetricKeyType !== "ed25519") throw new Error("Signing keys must be Ed25519.");
  const exported = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(exported);
  const key: ImportedKey = { kid, publicKey, privateKey, jwk: { ...exported, kid, alg: "EdDSA", use: "sig" } };
  ring().imported.set(source, key);
  return key;
}

function importPrivatePem(pem: string): Promise<ImportedKey> {
  return importKey(pem, () => {
    const privateKey = createPrivateKey(pem);
    if (privateKey.asymmetricKeyType !== "ed25519") throw new Error("JWT_PRIVATE_KEY must be an Ed25519 private key (PKCS#8 PEM).");
    return { privateKey, publicKey: createPublicKey(privateKey) };
  });
}

function importPublicJwk(jwk: JWK): Promise<ImportedKey> {
  const { kty, crv, x } = jwk;
  return importKey(JSON.stringify({ crv, kty, x }), () => ({ publicKey: createPublicKey({ key: { kty, crv, x } as JsonWebKey, format: "jwk" }) }));
}

/** The kid and public JWK (as the JWKS publishes it) of an Ed25519 private key in PKCS#8 PEM. */
export async function describePrivateKey(pem: string): Promise<{ kid: string; jwk: JWK }> {
  const { kid, jwk } = await importPrivatePem(pem);
  return { kid, jwk };
}

/** JWT_PREVIOUS_PUBLIC_KEYS: a JSON array of Ed25519 public JWKs (a `{"keys": [...]}` JWKS is taken too). */
export function parsePreviousPublicKeys(value: string | undefined): JWK[] {
  if (!value) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new Error("JWT_PREVIOUS_PUBLIC_KEYS is not valid JSON: give a JSON array of Ed25519 public JWKs.");
  }
  const list = Array.isArray(parsed) ? parsed : (parsed as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(list) || !list.every((item: unknown) => (item as JWK | null)?.kty === "OKP" && (item as JWK).crv === "Ed25519" && typeof (item as JWK).x === "string")) {
    throw new Error('JWT_PREVIOUS_PUBLIC_KEYS must be a JSON array of Ed25519 public JWKs ({"kty":"OKP","crv":"Ed25519","x":"..."}).');
  }
  return list as JWK[];
}

/**
 * Until when a retired key must still verify: its last tokens were signed up to one reload interval after
 * it was retired (instances that had not re-read yet), and live at most a token lifetime, plus clock skew.
 */
export function retiredKeyExpiresAt(retiredAt: number, env: Env = getEnv()): number {
  return retiredAt + Math.max(env.ACCESS_TOKEN_LIFETIME, env.REFRESH_TOKEN_LIFETIME) + env.KEYS_RELOAD_SECONDS + 60;
}

async function loadKeys(): Promise<ServerKeys> {
  const env = getEnv();
  const stored = env.JWT_PRIVATE_KEY && env.OTP_SECRET ? null : await readStoredSecrets();
  const signing = await importPrivatePem(env.JWT_PRIVATE_KEY ?? stored!.signingKeyPem);
  const now = Date.now() / 1000;
  // Keys given in the environment replace the stored ones, retired ones included.
  const retired: RetiredKey[] = env.JWT_PRIVATE_KEY ? [] : stored!.retiredKeys.filter((key) => retiredKeyExpiresAt(key.retiredAt, env) > now);
  const accepted = [...retired.map((key) => key.jwk), ...parsePreviousPublicKeys(env.JWT_PREVIOUS_PUBLIC_KEYS)];
  const publicKeys = new Map<string, KeyObject>([[signing.kid, signing.publicKey]]);
  const jwks: JWK[] = [signing.jwk];
  for (const jwk of accepted) {
    const key = await importPublicJwk(jwk);
    if (publicKeys.has(key.kid)) continue;
    publicKeys.set(key.kid, key.publicKey);
    jwks.push(key.jwk);
  }
  const otpKey = Buffer.from(env.OTP_SECRET ?? stored!.otpSecret, "utf8");
  return { kid: signing.kid, privateKey: signing.privateKey!, publicKeys, jwks: { keys: jwks }, otpKey, retired };
}

/** Keys that come wholly from the environment never change while the process runs. */
function isReloadable(): boolean {
  const env = getEnv();
  return !(env.JWT_PRIVATE_KEY && env.OTP_SECRET);
}

/** keys:rotate could not open the embedded database this server holds: the server records the rotation. */
function auditNoticedRotation(previousKid: string, kid: string, retired: RetiredKey[]): void {
  const entry = retired.find((key) => key.jwk.kid === previousKid);
  if (!entry?.auditPending) return;
  runInBackground(() => recordKeyRotation({ kid, previous_kid: previousKid, who: entry.rotatedBy ?? "npm run keys:rotate" }));
}

/**
 * Re-reads the stored keys; the ones in use stay in use until the new ones are loaded, and stay in use if
 * reading fails (a database hiccup must not stop signing). Concurrent callers share one read.
 */
export function reloadKeys(): Promise<ServerKeys> {
  const state = ring();
  if (!state.current) return getKeys();
  state.reloading ??= (async () => {
    const before = await state.current!;
    try {
      const fresh = await loadKeys();
      state.current = Promise.resolve(fresh);
      if (fresh.kid !== before.kid) auditNoticedRotation(before.kid, fresh.kid, fresh.retired);
      return fresh;
    } catch (error) {
      console.error("[keys] reloading the signing keys failed; keeping the loaded ones", error);
      return before;
    } finally {
      state.reloading = undefined;
    }
  })();
  return state.reloading;
}

function startReloadTimer(): void {
  const state = ring();
  if (state.timer || !isReloadable()) return;
  state.timer = setInterval(() => void reloadKeys(), getEnv().KEYS_RELOAD_SECONDS * 1000);
  state.timer.unref();
}

/** The keys of this process: loaded once, then re-read every KEYS_RELOAD_SECONDS (npm run keys:rotate). */
export function getKeys(): Promise<ServerKeys> {
  const state = ring();
  state.current ??= loadKeys().then(
    (keys) => {
      startReloadTimer();
      return keys;
    },
    (error: unknown) => {
      state.current = undefined;
      throw error;
    },
  );
  return state.current;
}

/**
 * The keys the JWKS publishes, read from storage (at most once a second) rather than from this process's
 * last reload: another instance may already sign with a key rotated in a moment ago, and a service that meets
 * its kid must find it in the JWKS whichever instance answers. Storage holds a key before anyone signs with it.
 */
export async function getPublishedKeys(): Promise<ServerKeys> {
  const state = ring();
  if (!state.current || !isReloadable()) return getKeys();
  if (Date.now() - state.lastPublishedReloadAt < 1_000) return state.reloading ?? state.current;
  state.lastPublishedReloadAt = Date.now();
  return reloadKeys();
}

/**
 * The public key for a token's kid. An unknown kid may have been rotated in by another instance a moment
 * ago: the stored keys are re-read (at most once per UNKNOWN_KID_RELOAD_MS, so junk kids cost nothing).
 */
export async function findVerificationKey(kid: string | undefined): Promise<KeyObject | undefined> {
  if (!kid) return undefined;
  const known = (await getKeys()).publicKeys.get(kid);
  if (known) return known;
  const state = ring();
  if (!isReloadable()) return undefined;
  if (!state.reloading) {
    if (Date.now() - state.lastUnknownKidReloadAt < UNKNOWN_KID_RELOAD_MS) return undefined;
    state.lastUnknownKidReloadAt = Date.now();
  }
  return (await reloadKeys()).publicKeys.get(kid);
}

/** Forget the loaded keys (after the database or environment changed). */
export function resetKeys(): void {
  const state = ring();
  if (state.timer) clearInterval(state.timer);
  globalForKeys.authKeyRing = undefined;
}
