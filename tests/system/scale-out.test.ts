import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migratePostgres, newCredentials, postJson, startServer, type RunningServer } from "./server";
import { skipUnless } from "../support/skip";

const databaseUrl = process.env.TEST_DATABASE_URL;

describe("two app instances on one PostgreSQL", skipUnless(Boolean(databaseUrl), "needs PostgreSQL: TEST_DATABASE_URL is unset"), () => {
  let a: RunningServer;
  let b: RunningServer;

  beforeAll(async () => {
    // Counters from earlier runs must not decide this run.
    await migratePostgres(databaseUrl!, { clearRateLimits: true });
    const env = { DATABASE_URL: databaseUrl!, RATE_LIMIT: "on", REFRESH_REUSE_GRACE: "10" };
    [a, b] = await Promise.all([startServer(3211, env), startServer(3212, env)]);
  }, 90_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
  });

  it("50 parallel refreshes of one token across both instances yield one lineage and one identical pair", async () => {
    const reg = await postJson(`${a.url}/api/register/`, newCredentials("scale"));
    expect(reg.status).toBe(201);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => postJson(`${(i % 2 ? a : b).url}/api/refresh/`, { refresh: reg.body.refresh })),
    );
    expect(results.map((r) => r.status)).toEqual(Array(50).fill(200));
    expect(new Set(results.map((r) => JSON.stringify(r.body))).size).toBe(1);
    // The single successor works on either instance; the session has exactly two tokens.
    const next = await postJson(`${b.url}/api/refresh/`, { refresh: results[0]!.body.refresh });
    expect(next.status).toBe(200);
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const sid = JSON.parse(Buffer.from(reg.body.refresh.split(".")[1], "base64url").toString()).sid;
    const { rows } = await client.query("SELECT count(*)::int AS n FROM refresh_tokens WHERE session_id = $1", [sid]);
    await client.end();
    expect(rows[0].n).toBe(3);
  });

  it("both instances verify each other's tokens and share one signing key", async () => {
    const [jwksA, jwksB] = await Promise.all([fetch(`${a.url}/.well-known/jwks.json`).then((r) => r.json()), fetch(`${b.url}/.well-known/jwks.json`).then((r) => r.json())]);
    expect(jwksA).toEqual(jwksB);
    const creds = newCredentials("cross");
    const reg = await postJson(`${a.url}/api/register/`, creds);
    const login = await postJson(`${b.url}/api/login/`, { email: creds.email, password: creds.password });
    expect(login.status).toBe(200);
    expect((await postJson(`${a.url}/api/logout/`, { refresh: reg.body.refresh })).status).toBe(205);
    expect((await postJson(`${b.url}/api/refresh/`, { refresh: reg.body.refresh })).status).toBe(401);
  });

  it("rate limits hold across both instances", async () => {
    const creds = newCredentials("limit");
    await postJson(`${a.url}/api/register/`, creds);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push((await postJson(`${(i % 2 ? a : b).url}/api/login/`, { email: creds.email, password: "Wrong-password-1" })).status);
    }
    // Five failures split over two instances count as five: the sixth attempt is delayed.
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });
  it("a burst of wrong passwords split across both instances is checked like a sequence", async () => {
    const creds = newCredentials("burst");
    expect((await postJson(`${a.url}/api/register/`, creds)).status).toBe(201);
    const started = performance.now();
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => postJson(`${(i % 2 ? a : b).url}/api/login/`, { email: creds.email, password: "Wrong-password-1" })),
    );
    const seconds = (performance.now() - started) / 1000;
    const checked = answers.filter((r) => r.status === 401).length;
    // Five at once, then one more after 1 s, 3 s, 7 s ... of waiting: never more than a sequence gets.
    expect(checked).toBeGreaterThanOrEqual(5);
    expect(checked).toBeLessThanOrEqual(5 + Math.floor(Math.log2(seconds + 1)));
    expect(answers.filter((r) => r.status === 429 && r.body.code === "rate_limited").length).toBe(40 - checked);
  });

  /** A verified user signed in on `server`: its access token says "verified", so instances may judge it from memory. */
  async function verifiedLogin(server: RunningServer, tag: string): Promise<{ access: string; refresh: string }> {
    const creds = newCredentials(tag);
    expect((await postJson(`${a.url}/api/register/`, creds)).status).toBe(201);
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query("UPDATE users SET is_verified = true WHERE email_key = $1", [creds.email.toLowerCase()]);
    await client.end();
    const login = await postJson(`${server.url}/api/login/`, { email: creds.email, password: creds.password });
    expect(login.status).toBe(200);
    return login.body;
  }

  const protectedStatus = async (server: RunningServer, access: string) =>
    (await postJson(`${server.url}/api/experiment/`, {}, { authorization: `Bearer ${access}` })).status;

  it("a logout on one instance is refused by the other within 100 ms", async () => {
    for (let trial = 0; trial < 5; trial++) {
      const { access, refresh } = await verifiedLogin(b, `revoke${trial}`);
      expect(await protectedStatus(b, access)).toBe(200);
      expect((await postJson(`${a.url}/api/logout/`, { refresh })).status).toBe(205);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await protectedStatus(b, access)).toBe(401);
    }
  });

  it("when the notification connection drops, the other instance still refuses an ended session", async () => {
    const { access, refresh } = await verifiedLogin(b, "dropfeed");
    expect(await protectedStatus(b, access)).toBe(200);
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    // Both instances lose their LISTEN connection; the logout's notification reaches nobody.
    const killed = await client.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'auth-revocation-feed'");
    await client.end();
    expect(killed.rowCount).toBeGreaterThanOrEqual(2);
    expect((await postJson(`${a.url}/api/logout/`, { refresh })).status).toBe(205);
    // Out of sync, B asks the database; once reconnected, it has resynced what it missed.
    expect(await protectedStatus(b, access)).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await protectedStatus(b, access)).toBe(401);
    // After the reconnection the next logout is refused just as quickly.
    const second = await verifiedLogin(b, "dropfeed2");
    expect(await protectedStatus(b, second.access)).toBe(200);
    expect((await postJson(`${a.url}/api/logout/`, { refresh: second.refresh })).status).toBe(205);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await protectedStatus(b, second.access)).toBe(401);
  });
});
