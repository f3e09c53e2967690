import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migratePostgres, newCredentials, postJson, startServer, type RunningServer } from "./server";
import { skipUnless } from "../support/skip";

const databaseUrl = process.env.TEST_DATABASE_URL;
/** Short enough for a test; production's default is 60 s. */
const RELOAD_SECONDS = 3;

/** `npm run keys:rotate` as an operator runs it, beside the running servers. */
async function rotateKeys(env: Record<string, string>): Promise<string> {
  const tsx = path.join(process.cwd(), "node_modules/.bin/tsx");
  const { stdout } = await promisify(execFile)(tsx, ["--conditions=react-server", "scripts/keys-rotate.ts"], {
    env: { ...process.env, NODE_ENV: "production", ...env },
    timeout: 90_000,
  });
  return stdout;
}

const kidOf = (token: string): string => JSON.parse(Buffer.from(token.split(".")[0]!, "base64url").toString()).kid;

async function loginKid(server: RunningServer, credentials: { email: string; password: string }): Promise<string> {
  const res = await postJson(`${server.url}/api/login/`, { email: credentials.email, password: credentials.password });
  expect(res.status).toBe(200);
  return kidOf(res.body.access);
}

/** Signs in every `intervalMs` until the server's tokens carry `kid`; returns how long that took. */
async function waitForKid(server: RunningServer, credentials: { email: string; password: string }, kid: string, limitMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < limitMs) {
    if ((await loginKid(server, credentials)) === kid) return Date.now() - started;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${server.url} still signs with another key after ${limitMs} ms`);
}

async function jwksKids(server: RunningServer): Promise<string[]> {
  const res = await fetch(`${server.url}/.well-known/jwks.json`);
  return ((await res.json()) as { keys: { kid: string }[] }).keys.map((key) => key.kid);
}

async function profileStatus(server: RunningServer, access: string): Promise<number> {
  return (await fetch(`${server.url}/api/me/`, { headers: { authorization: `Bearer ${access}` } })).status;
}

describe("keys:rotate beside two running instances on PostgreSQL", skipUnless(Boolean(databaseUrl), "needs PostgreSQL: TEST_DATABASE_URL is unset"), () => {
  let a: RunningServer;
  let b: RunningServer;

  beforeAll(async () => {
    await migratePostgres(databaseUrl!);
    const env = { DATABASE_URL: databaseUrl!, KEYS_RELOAD_SECONDS: String(RELOAD_SECONDS), WEB_CONCURRENCY: "1", RATE_LIMIT: "off" };
    // One after the other: two starts at once on a busy two-core machine can outlast startServer's wait.
    a = await startServer(4500, env);
    b = await startServer(4501, env);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
  });

  it("both sign with the new kid within the reload interval; tokens signed before stay valid on both", async () => {
    const credentials = newCredentials("rotate");
    const reg = await postJson(`${a.url}/api/register/`, credentials);
    expect(reg.status, a.output()).toBe(201);
    const oldKid = kidOf(reg.body.access);
    expect(await loginKid(b, credentials)).toBe(oldKid);

    const output = await rotateKeys({ DATABASE_URL: databaseUrl! });
    const newKid = /signing key now: (\S+)/.exec(output)?.[1];
    expect(newKid, output).toBeTruthy();
    expect(newKid).not.toBe(oldKid);
    expect(output).toContain(`retired:         ${oldKid}`);

    // Without a restart, within KEYS_RELOAD_SECONDS (plus a login's time).
    const [tookA, tookB] = await Promise.all([waitForKid(a, credentials, newKid!, 15_000), waitForKid(b, credentials, newKid!, 15_000)]);
    expect(tookA).toBeLessThan((RELOAD_SECONDS + 3) * 1000);
    expect(tookB).toBeLessThan((RELOAD_SECONDS + 3) * 1000);

    for (const server of [a, b]) {
      // The signing key first; retired keys after it (earlier runs on this database may have left more).
      const kids = await jwksKids(server);
      expect(kids[0]).toBe(newKid);
      expect(kids).toContain(oldKid);
      expect(await profileStatus(server, reg.body.access)).toBe(200);
    }
    const refreshed = await postJson(`${b.url}/api/refresh/`, { refresh: reg.body.refresh });
    expect(refreshed.status).toBe(200);
    expect(kidOf(refreshed.body.access)).toBe(newKid);
    expect(await profileStatus(a, refreshed.body.access)).toBe(200);

    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const { rows } = await client.query("SELECT detail FROM audit_events WHERE event = 'signing_key_rotated' ORDER BY id DESC LIMIT 1");
    await client.end();
    expect(rows[0]?.detail).toMatchObject({ kid: newKid, previous_kid: oldKid });
    expect(rows[0]?.detail.who).toContain("npm run keys:rotate");
  });
});

describe("keys:rotate beside a running server on the embedded database", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "auth-rotate-"));
  const dataUrl = `pglite:${path.join(dir, "pglite")}`;
  let server: RunningServer;

  beforeAll(async () => {
    // A new embedded database's initdb takes longer than startServer waits on a busy machine: do it first.
    await promisify(execFile)(process.execPath, ["lib/db/pglite-init.mjs", path.join(dir, "pglite")], { timeout: 120_000 });
    server = await startServer(4502, { DATABASE_URL: dataUrl, KEYS_RELOAD_SECONDS: String(RELOAD_SECONDS), RATE_LIMIT: "off" });
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("rewrites secrets.json, which the server re-reads; the server records the audit event", async () => {
    const credentials = newCredentials("embedded");
    const reg = await postJson(`${server.url}/api/register/`, credentials);
    expect(reg.status, server.output()).toBe(201);
    const oldKid = kidOf(reg.body.access);

    const output = await rotateKeys({ DATABASE_URL: dataUrl });
    const newKid = /signing key now: (\S+)/.exec(output)?.[1];
    expect(newKid, output).toBeTruthy();
    expect(output).toMatch(/The server \(pid \d+\) has the embedded database open/);
    expect(fs.statSync(path.join(dir, "secrets.json")).mode & 0o777).toBe(0o600);

    expect(await waitForKid(server, credentials, newKid!, 15_000)).toBeLessThan((RELOAD_SECONDS + 3) * 1000);
    expect(await jwksKids(server)).toEqual([newKid, oldKid]);
    expect(await profileStatus(server, reg.body.access)).toBe(200);
    expect((await postJson(`${server.url}/api/refresh/`, { refresh: reg.body.refresh })).status).toBe(200);

    // The audit row is the server's to write: read it once the server has let go of the database.
    await new Promise((r) => setTimeout(r, 500));
    await server.stop();
    const db = new PGlite(path.join(dir, "pglite"));
    try {
      const { rows } = await db.query<{ detail: { kid: string; previous_kid: string; who: string } }>("SELECT detail FROM audit_events WHERE event = 'signing_key_rotated'");
      expect(rows).toHaveLength(1);
      expect(rows[0]!.detail).toMatchObject({ kid: newKid, previous_kid: oldKid });
      expect(rows[0]!.detail.who).toContain("npm run keys:rotate");
    } finally {
      await db.close();
    }
  });
});
