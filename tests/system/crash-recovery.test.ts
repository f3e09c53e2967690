import { PGlite } from "@electric-sql/pglite";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { newCredentials, postJson, startServer, type RunningServer } from "./server";
import { skipUnless } from "../support/skip";

const SESSIONS = 12;

interface Lineage {
  /** The last token whose refresh answered 200. */
  current: string;
  /** The token whose refresh was on the wire when the server died (outcome unknown). */
  inFlight: string | null;
  rotations: number;
}

/** Refreshes every session in a loop until the server dies under it. */
async function refreshUntilKilled(server: RunningServer, lineages: Lineage[], killAfterMs: number): Promise<void> {
  let isDead = false;
  const workers = lineages.map(async (lineage) => {
    while (!isDead) {
      lineage.inFlight = lineage.current;
      try {
        const res = await postJson(`${server.url}/api/refresh/`, { refresh: lineage.current });
        if (res.status !== 200) throw new Error(`refresh answered ${res.status}: ${JSON.stringify(res.body)}`);
        lineage.current = res.body.refresh;
        lineage.inFlight = null;
        lineage.rotations++;
      } catch (error) {
        if (isDead) return;
        throw error;
      }
    }
  });
  await new Promise((r) => setTimeout(r, killAfterMs));
  isDead = true;
  server.process.kill("SIGKILL");
  await Promise.allSettled(workers);
  for (const result of await Promise.allSettled(workers)) expect(result.status).toBe("fulfilled");
}

/** Checks scoped to this test's sessions (the PostgreSQL database is shared with other suites). */
const invariants = (sessionIds: string[]) => {
  const scope = `session_id IN (${sessionIds.map((id) => `'${id.replace(/[^0-9a-f-]/g, "")}'`).join(", ")})`;
  return {
    halfRotated: `SELECT count(*)::int AS n FROM refresh_tokens p WHERE p.${scope} AND p.used_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM refresh_tokens c WHERE c.parent_jti = p.jti)`,
    forked: `SELECT count(*)::int AS n FROM (SELECT parent_jti FROM refresh_tokens WHERE ${scope} AND parent_jti IS NOT NULL GROUP BY parent_jti HAVING count(*) > 1) f`,
  };
};

const sessionOf = (token: string): string => JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()).sid;

type Query = (sql: string) => Promise<number>;

const targets: { name: string; skip: boolean; env: () => Record<string, string>; query: () => Promise<{ run: Query; close: () => Promise<void> }> }[] = [];
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "auth-crash-"));
targets.push({
  name: "embedded PGlite",
  skip: false,
  env: () => ({ DATA_DIR: dataDir }),
  query: async () => {
    const db = await PGlite.create(path.join(dataDir, "pglite"));
    return { run: async (sql) => (await db.query<{ n: number }>(sql)).rows[0]!.n, close: () => db.close() };
  },
});
targets.push({
  name: "PostgreSQL",
  skip: !process.env.TEST_DATABASE_URL,
  env: () => ({ DATABASE_URL: process.env.TEST_DATABASE_URL! }),
  query: async () => {
    const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await client.connect();
    return { run: async (sql) => (await client.query(sql)).rows[0].n, close: () => client.end() };
  },
});

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe.each(targets)("kill -9 during a refresh load on $name", (target) => {
  it("leaves no session half-rotated, accepts no token twice, and restarts cleanly", skipUnless(!target.skip, "needs PostgreSQL: TEST_DATABASE_URL is unset"), async () => {
    const env = { ...target.env(), RATE_LIMIT: "off", REFRESH_REUSE_GRACE: "60" };
    let server = await startServer(3231, env);
    const lineages: Lineage[] = [];
    for (let i = 0; i < SESSIONS; i++) {
      const reg = await postJson(`${server.url}/api/register/`, newCredentials("crash"));
      expect(reg.status, server.output()).toBe(201);
      lineages.push({ current: reg.body.refresh, inFlight: null, rotations: 0 });
    }
    await refreshUntilKilled(server, lineages, 2_000);
    const totalRotations = lineages.reduce((sum, l) => sum + l.rotations, 0);
    const checks = invariants(lineages.map((l) => sessionOf(l.current)));
    expect(totalRotations).toBeGreaterThan(SESSIONS);

    const db = await target.query();
    try {
      expect(await db.run(checks.halfRotated)).toBe(0);
      expect(await db.run(checks.forked)).toBe(0);
    } finally {
      await db.close();
    }

    server = await startServer(3231, env);
    try {
      // A client retrying its interrupted refresh converges: inside the grace window it gets the one
      // successor that was committed (or rotates now if nothing was), and the lineage goes on.
      for (const lineage of lineages) {
        const retried = await postJson(`${server.url}/api/refresh/`, { refresh: lineage.inFlight ?? lineage.current });
        expect(retried.status).toBe(200);
        const again = await postJson(`${server.url}/api/refresh/`, { refresh: lineage.inFlight ?? lineage.current });
        expect(again.body).toEqual(retried.body);
        const next = await postJson(`${server.url}/api/refresh/`, { refresh: retried.body.refresh });
        expect(next.status).toBe(200);
      }
    } finally {
      await server.stop();
    }
    // Checked once the server is gone: PGlite must never be opened by two processes at once.
    const after = await target.query();
    try {
      expect(await after.run(checks.forked)).toBe(0);
      expect(await after.run(checks.halfRotated)).toBe(0);
    } finally {
      await after.close();
    }
  });
});
