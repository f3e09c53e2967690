import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createPrivateKey, generateKeyPairSync } from "node:crypto";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as jwksRoute } from "@/app/.well-known/jwks.json/route";
import { POST as login } from "@/app/api/login/route";
import { GET as me } from "@/app/api/me/route";
import { POST as refresh } from "@/app/api/refresh/route";
import { changeStoredSigningKeys, readStoredSecrets } from "@/lib/auth/key-store";
import { planEnvironmentRollover, rotateSigningKey } from "@/lib/auth/key-rotation";
import { getKeys, reloadKeys, resetKeys } from "@/lib/auth/keys";
import { closeDatabase, getPrisma } from "@/lib/db/client";
import { bearer, call, decodeJwt, setTestEnv, signUp, type SignedUpUser, type TokenBody } from "../support";

vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

// On PGlite the keys live in secrets.json beside a data directory (an in-memory database has no file to
// rotate); on PostgreSQL in server_secrets.
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
const dataRoot = onPostgres ? null : fs.mkdtempSync(path.join(os.tmpdir(), "auth-keys-"));
const databaseUrl = onPostgres ? process.env.TEST_DATABASE_URL! : `pglite:${path.join(dataRoot!, "pglite")}`;

async function useStore(overrides: Record<string, string | undefined> = {}): Promise<void> {
  setTestEnv({ DATABASE_URL: databaseUrl, ...overrides });
  resetKeys();
  await getKeys();
}

const kidOf = (token: string): string => decodeJwt(token).header.kid as string;

async function publishedKids(): Promise<string[]> {
  const res = await call<{ keys: { kid: string; d?: string }[] }>(jwksRoute, "/.well-known/jwks.json", undefined, { method: "GET" });
  expect(res.status).toBe(200);
  for (const key of res.body.keys) expect(key).not.toHaveProperty("d");
  return res.body.keys.map((key) => key.kid);
}

async function profileStatus(access: string): Promise<number> {
  return (await call(me, "/api/me/", undefined, { method: "GET", ...bearer(access) })).status;
}

/** A token for `user`'s session signed with `pem`: what an instance that already switched keys would issue. */
async function signElsewhere(user: SignedUpUser, pem: string, kid: string): Promise<string> {
  const { payload } = decodeJwt(user.access);
  return new SignJWT({ ...payload }).setProtectedHeader({ alg: "EdDSA", typ: "at+jwt", kid }).sign(createPrivateKey(pem));
}

beforeAll(async () => {
  await closeDatabase();
  await useStore();
  await getPrisma();
});

afterAll(async () => {
  await closeDatabase();
  resetKeys();
  if (dataRoot) fs.rmSync(dataRoot, { recursive: true, force: true });
});

describe(`keys:rotate (${onPostgres ? "server_secrets" : "secrets.json"})`, () => {
  it("signs with the new key, keeps publishing the old one, and old tokens still verify by kid", async () => {
    await useStore();
    const user = await signUp();
    const oldKid = kidOf(user.access);

    const rotation = await rotateSigningKey("tester@test (integration)");
    expect(rotation.previousKid).toBe(oldKid);
    expect(rotation.kid).not.toBe(oldKid);
    expect(rotation.retired.map((key) => key.kid)).toContain(oldKid);
    const retiredUntil = rotation.retired.find((key) => key.kid === oldKid)!.expiresAt.getTime();
    // At least a refresh token's lifetime (24 h by default) from now.
    expect(retiredUntil).toBeGreaterThan(Date.now() + 86_400_000);

    await reloadKeys();
    const signedIn = await call<TokenBody>(login, "/api/login/", { email: user.email, password: user.password });
    expect(kidOf(signedIn.body.access)).toBe(rotation.kid);
    expect(kidOf(signedIn.body.refresh)).toBe(rotation.kid);
    expect(await publishedKids()).toEqual([rotation.kid, oldKid]);

    // Tokens issued before the rotation keep working until they expire.
    expect(await profileStatus(user.access)).toBe(200);
    const rotated = await call<TokenBody>(refresh, "/api/refresh/", { refresh: user.refresh });
    expect(rotated.status).toBe(200);
    expect(kidOf(rotated.body.access)).toBe(rotation.kid);

    // Only the public half of the retired key is stored; the rotation is audited with who ran it.
    const stored = await readStoredSecrets();
    const retired = stored.retiredKeys.find((key) => key.jwk.kid === oldKid)!;
    expect(retired.jwk).not.toHaveProperty("d");
    if (!onPostgres) expect(fs.statSync(path.join(dataRoot!, "secrets.json")).mode & 0o777).toBe(0o600);
    const audit = await (await getPrisma()).auditEvent.findFirst({ where: { event: "signing_key_rotated" }, orderBy: { id: "desc" } });
    expect(audit?.detail).toEqual({ kid: rotation.kid, previous_kid: oldKid, who: "tester@test (integration)" });
    expect(audit?.userId).toBeNull();
  });

  it("accepts at once a token signed by a key another instance has just switched to (unknown kid: re-read)", async () => {
    await useStore();
    const user = await signUp();
    const before = (await getKeys()).kid;
    const rotation = await rotateSigningKey("another instance");
    // This process has not re-read yet: it still signs with the old key...
    expect((await getKeys()).kid).toBe(before);
    const fromOtherInstance = await signElsewhere(user, (await readStoredSecrets()).signingKeyPem, rotation.kid);
    // ...but a token naming the new kid makes it re-read the stored keys instead of refusing.
    expect(await profileStatus(fromOtherInstance)).toBe(200);
    expect((await getKeys()).kid).toBe(rotation.kid);

    // Unknown kids re-read at most once per few seconds: a second new key within that window waits for the periodic reload.
    const again = await rotateSigningKey("another instance");
    const tooSoon = await signElsewhere(user, (await readStoredSecrets()).signingKeyPem, again.kid);
    expect(await profileStatus(tooSoon)).toBe(401);
    await reloadKeys();
    expect(await profileStatus(tooSoon)).toBe(200);
  });

  it("publishes a key another instance just rotated in before this process signs with it", async () => {
    await useStore();
    await getKeys();
    const before = (await getKeys()).kid;
    // Past the JWKS's one-second coalescing of reads.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const rotation = await rotateSigningKey("another instance");
    expect((await getKeys()).kid).toBe(before);
    // Any instance's JWKS already lists the new key (read from storage), so a service meeting the new kid
    // on a token from the instance that switched first finds it, whichever instance it asks.
    const published = await call<{ keys: { kid: string }[] }>(jwksRoute, "/.well-known/jwks.json", undefined, { method: "GET" });
    expect(published.body.keys.map((key) => key.kid)).toEqual(expect.arrayContaining([rotation.kid, before]));
  });

  it("reaches a running process within KEYS_RELOAD_SECONDS, without a restart", async () => {
    await useStore({ KEYS_RELOAD_SECONDS: "1" });
    const rotation = await rotateSigningKey("tester");
    const deadline = Date.now() + 5_000;
    while ((await getKeys()).kid !== rotation.kid && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect((await getKeys()).kid).toBe(rotation.kid);
    const user = await signUp();
    expect(kidOf(user.access)).toBe(rotation.kid);
  });

  it("drops a retired key once every token it signed has expired", async () => {
    await useStore();
    const user = await signUp();
    const oldKid = kidOf(user.access);
    await rotateSigningKey("tester");
    await reloadKeys();
    expect(await publishedKids()).toContain(oldKid);
    // Pretend the rotation happened longer ago than the longest token lifetime plus the reload interval.
    await changeStoredSigningKeys(async (current) => ({
      signingKeyPem: current.signingKeyPem,
      retiredKeys: current.retiredKeys.map((key) => (key.jwk.kid === oldKid ? { ...key, retiredAt: key.retiredAt - 86_400 - 60 - 61 } : key)),
    }));
    await reloadKeys();
    expect(await publishedKids()).not.toContain(oldKid);
    expect(await profileStatus(user.access)).toBe(401);
    const next = await rotateSigningKey("tester");
    expect(next.dropped).toContain(oldKid);
    expect((await readStoredSecrets()).retiredKeys.map((key) => key.jwk.kid)).not.toContain(oldKid);
  });

  it("refuses to rotate stored keys while JWT_PRIVATE_KEY is set, pointing at the environment rollover", async () => {
    const pem = generateKeyPairSync("ed25519").privateKey.export({ format: "pem", type: "pkcs8" }).toString();
    await useStore({ JWT_PRIVATE_KEY: pem });
    await expect(rotateSigningKey("tester")).rejects.toThrow(/JWT_PRIVATE_KEY is set[\s\S]*--env/);
  });
});

describe("rollover of keys given in the environment (JWT_PRIVATE_KEY + JWT_PREVIOUS_PUBLIC_KEYS)", () => {
  it("moves to a new key in three steps without refusing a token that is still valid", async () => {
    const oldPem = generateKeyPairSync("ed25519").privateKey.export({ format: "pem", type: "pkcs8" }).toString();
    const otp = { OTP_SECRET: "rollover-otp-secret-0123456789-abcdefghij" };
    await useStore({ JWT_PRIVATE_KEY: oldPem, ...otp });
    const user = await signUp();
    const oldKid = kidOf(user.access);
    const plan = await planEnvironmentRollover();
    expect(plan.previousKid).toBe(oldKid);

    // Step 1: every instance accepts the new key while still signing with the old one.
    await useStore({ JWT_PRIVATE_KEY: oldPem, JWT_PREVIOUS_PUBLIC_KEYS: plan.stagedPreviousPublicKeys, ...otp });
    expect((await getKeys()).kid).toBe(oldKid);
    expect(await publishedKids()).toEqual([oldKid, plan.kid]);
    expect(await profileStatus(await signElsewhere(user, plan.privateKeyPem, plan.kid))).toBe(200);

    // Step 2: sign with the new key; the old one still verifies the tokens it signed.
    await useStore({ JWT_PRIVATE_KEY: plan.privateKeyPem, JWT_PREVIOUS_PUBLIC_KEYS: plan.previousPublicKeys, ...otp });
    expect(await publishedKids()).toEqual([plan.kid, oldKid]);
    expect(await profileStatus(user.access)).toBe(200);
    const rotated = await call<TokenBody>(refresh, "/api/refresh/", { refresh: user.refresh });
    expect(rotated.status).toBe(200);
    expect(kidOf(rotated.body.access)).toBe(plan.kid);

    // Step 3, after the old tokens' lifetime: the old key is gone, and so is anything it signed.
    await useStore({ JWT_PRIVATE_KEY: plan.privateKeyPem, ...otp });
    expect(await publishedKids()).toEqual([plan.kid]);
    expect(await profileStatus(user.access)).toBe(401);
    expect(await profileStatus(rotated.body.access)).toBe(200);
  });

  it("stops the start with a clear message for a malformed JWT_PREVIOUS_PUBLIC_KEYS", async () => {
    for (const value of ["not json", '{"kty":"OKP"}', '[{"kty":"RSA","n":"x","e":"AQAB"}]']) {
      setTestEnv({ DATABASE_URL: databaseUrl, JWT_PREVIOUS_PUBLIC_KEYS: value });
      resetKeys();
      await expect(getKeys()).rejects.toThrow(/JWT_PREVIOUS_PUBLIC_KEYS/);
    }
  });
});
