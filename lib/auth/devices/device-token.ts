import "server-only";
import { hkdfSync, randomUUID } from "node:crypto";
import { jwtVerify, SignJWT } from "jose";
import { DEVICE_TOKEN_LIFETIME_SECONDS, DEVICE_TOKEN_TYP } from "@/lib/auth/config";
import { getKeys, type ServerKeys } from "@/lib/auth/keys";
import type { KnownClient } from "@/lib/auth/login-throttle";

const ALGORITHM = "HS256";

/** The account a device token was issued for, at the credentials it signed in with. */
export interface DeviceClaims {
  userId: string;
  credentialsVersion: number;
  deviceId: string;
}

interface Account {
  id: string;
  credentialsVersion: number;
}

/** The derived key of each key set getKeys() has returned: a reload (a rotated OTP secret) derives afresh. */
const derivedKeys = new WeakMap<ServerKeys, Promise<CryptoKey>>();

/**
 * The HMAC key of device tokens: derived from the OTP secret (HKDF, its own label), so it is stored and
 * rotated with it and is never the key of anything else. Device tokens are ours alone: no JWKS verifies them.
 * Derived and imported once per key set: jose imports raw key bytes again on every signature (with the
 * HKDF, 42 µs of the 141 µs a device token cost to sign, measured here).
 */
async function deviceTokenKey(): Promise<CryptoKey> {
  const keys = await getKeys();
  let key = derivedKeys.get(keys);
  if (!key) {
    const secret = new Uint8Array(hkdfSync("sha256", keys.otpKey, new Uint8Array(0), "auth device token v1", 32));
    key = crypto.subtle.importKey("raw", secret, { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
    derivedKeys.set(keys, key);
    key.catch(() => derivedKeys.delete(keys));
  }
  return key;
}

/**
 * OWASP's device cookie: issued on a successful sign-in, it names the account and the credentials it was
 * earned with. A password change or reset moves the credentials version on and so retires every device
 * token issued before it: whoever knew the old password does not keep a budget of guesses at the new one.
 */
export async function issueDeviceToken(account: Account): Promise<string> {
  return new SignJWT({ cv: account.credentialsVersion })
    .setProtectedHeader({ alg: ALGORITHM, typ: DEVICE_TOKEN_TYP })
    .setSubject(account.id)
    .setJti(randomUUID())
    .setIssuedAt()
    .setExpirationTime(`${DEVICE_TOKEN_LIFETIME_SECONDS}s`)
    .sign(await deviceTokenKey());
}

/** The claims of a genuine, unexpired device token; null for anything else (absent, forged, expired, junk). */
export async function readDeviceToken(token: string | null | undefined): Promise<DeviceClaims | null> {
  if (!token) return null;
  try {
    const { payload } = await jwtVerify(token, await deviceTokenKey(), { algorithms: [ALGORITHM], typ: DEVICE_TOKEN_TYP, requiredClaims: ["sub", "jti", "exp"] });
    if (typeof payload.cv !== "number" || !payload.sub || !payload.jti) return null;
    return { userId: payload.sub, credentialsVersion: payload.cv, deviceId: payload.jti };
  } catch {
    return null;
  }
}

/** The known client a device token makes of its holder, for this account as it is now; else none. */
export function knownClientOf(device: DeviceClaims | null, account: Account | null): KnownClient | null {
  if (!device || !account || device.userId !== account.id || device.credentialsVersion !== account.credentialsVersion) return null;
  return { kind: "device", id: device.deviceId };
}
