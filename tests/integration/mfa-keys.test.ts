import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { readStoredMfaSecret, readStoredSecrets } from "@/lib/auth/key-store";
import { getKeys, resetKeys } from "@/lib/auth/keys";
import { verifySecondFactor } from "@/lib/auth/mfa";
import { closeDatabase, getPrisma } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { enrolTotp, setTestEnv, signUpVerified, totpCode } from "../support";

vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

// As tests/integration/keys.test.ts: on PGlite the generated key lives in secrets.json beside a data
// directory; on PostgreSQL in server_secrets.
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
const dataRoot = onPostgres ? null : fs.mkdtempSync(path.join(os.tmpdir(), "auth-mfa-keys-"));
const databaseUrl = onPostgres ? process.env.TEST_DATABASE_URL! : `pglite:${path.join(dataRoot!, "pglite")}`;
const secretsFile = dataRoot ? path.join(dataRoot, "secrets.json") : null;

beforeAll(async () => {
  await closeDatabase();
  setTestEnv({ DATABASE_URL: databaseUrl });
  resetKeys();
  await getPrisma();
});

afterAll(async () => {
  await closeDatabase();
  resetKeys();
  if (dataRoot) fs.rmSync(dataRoot, { recursive: true, force: true });
});

describe(`the MFA key (${onPostgres ? "server_secrets" : "secrets.json"})`, () => {
  it("is generated once beside the signing keys of an existing store, which stay as they were", async () => {
    setTestEnv({ DATABASE_URL: databaseUrl });
    const before = await readStoredSecrets();
    await getKeys();
    const keys = await Promise.all([readStoredMfaSecret(), readStoredMfaSecret(), readStoredMfaSecret()]);
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]!.length).toBeGreaterThanOrEqual(32);
    expect(await readStoredMfaSecret()).toBe(keys[0]);
    const after = await readStoredSecrets();
    expect(after.signingKeyPem).toBe(before.signingKeyPem);
    expect(after.otpSecret).toBe(before.otpSecret);
    expect(keys[0]).not.toBe(before.otpSecret);
    if (secretsFile) {
      expect(JSON.parse(fs.readFileSync(secretsFile, "utf8"))).toMatchObject({ mfaSecret: keys[0], signingKeyPem: before.signingKeyPem });
      expect(fs.statSync(secretsFile).mode & 0o777).toBe(0o600);
    } else {
      const row = await (await getPrisma()).serverSecret.findUniqueOrThrow({ where: { name: "mfa_encryption_key" } });
      expect(row.value).toBe(keys[0]);
    }
  });

  it("MFA_ENCRYPTION_KEY takes its place: a secret sealed under the other key is a server fault, never a wrong code", async () => {
    setTestEnv({ DATABASE_URL: databaseUrl });
    const user = await signUpVerified();
    const { secret } = await enrolTotp(user);
    setTestEnv({ DATABASE_URL: databaseUrl, MFA_ENCRYPTION_KEY: "another-mfa-key-of-at-least-32-characters" });
    await expect(verifySecondFactor(user.userId, { code: totpCode(secret, 1) })).rejects.toThrow(/could not be decrypted/);
    setTestEnv({ DATABASE_URL: databaseUrl });
    expect(await verifySecondFactor(user.userId, { code: totpCode(secret, 1) })).toEqual({ method: "otp" });
  });

  it("refuses a MFA_ENCRYPTION_KEY shorter than 32 characters, naming it", () => {
    setTestEnv({ DATABASE_URL: databaseUrl, MFA_ENCRYPTION_KEY: "short" });
    expect(() => getEnv()).toThrow(/MFA_ENCRYPTION_KEY/);
    setTestEnv({ DATABASE_URL: databaseUrl });
  });
});
