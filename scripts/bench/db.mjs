// The bench's database: a throwaway embedded PGlite directory, or a throwaway database created on the
// PostgreSQL server of BENCH_DATABASE_URL (or DATABASE_URL when it is postgres://), dropped at the end.
// Also the bulk seeding of stored refresh tokens, in plain SQL through a connection of our own.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";

const SEED_USER = "00000000-0000-4000-8000-00000000be5c";
const CHUNK = 100_000;
const TOKENS_PER_SESSION = 10;

function postgresUrl() {
  const url = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL;
  return url && /^postgres(ql)?:\/\//i.test(url) ? url : null;
}

async function withClient(url, work) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function openBenchDatabase(log) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "auth-bench-"));
  const removeDir = () => fs.rmSync(dataDir, { recursive: true, force: true });
  const given = postgresUrl();
  if (!given) {
    const dir = path.join(dataDir, "pglite");
    const sql = async (work) => {
      // PGlite is single-process: only call this while the server is stopped.
      const { PGlite } = await import("@electric-sql/pglite");
      const db = await PGlite.create(dir);
      try {
        return await work({ query: async (text, params) => (await db.query(text, params)).rows });
      } finally {
        await db.close();
      }
    };
    return { kind: "pglite", label: "embedded PGlite", url: `pglite:${dir}`, dataDir, sqlNeedsStoppedServer: true, sql, close: removeDir };
  }
  const name = `auth_bench_${process.pid}_${Date.now()}`;
  let url = given;
  let created = false;
  try {
    await withClient(given, (client) => client.query(`CREATE DATABASE ${name}`));
    const parsed = new URL(given);
    parsed.pathname = `/${name}`;
    url = parsed.toString();
    created = true;
  } catch (error) {
    log(`! could not create a throwaway database (${error.message}); using the given database itself`);
  }
  const sql = (work) => withClient(url, (client) => work({ query: async (text, params) => (await client.query(text, params)).rows }));
  const close = async () => {
    removeDir();
    if (created) await withClient(given, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  };
  const where = new URL(given);
  return { kind: "postgres", label: `PostgreSQL (${where.host})`, url, dataDir, sqlNeedsStoppedServer: false, sql, close };
}

/** Tops refresh_tokens up to `target` rows (sessions of ten used tokens each, all owned by one seed user). */
export async function seedRefreshTokens(db, target) {
  return db.sql(async ({ query }) => {
    const count = async () => Number((await query("SELECT count(*) AS n FROM refresh_tokens"))[0].n);
    let stored = await count();
    if (stored >= target) return stored;
    await query(
      `INSERT INTO users (id, email, email_key, user_name, user_name_key, password_hash, is_verified)
       VALUES ($1, 'seed@bench.test', 'seed@bench.test', 'bench-seed', 'bench-seed', 'not-a-hash', true)
       ON CONFLICT DO NOTHING`,
      [SEED_USER],
    );
    while (stored < target) {
      const sessions = Math.ceil(Math.min(CHUNK, target - stored) / TOKENS_PER_SESSION);
      await query(
        `WITH s AS (
           INSERT INTO sessions (id, user_id, expires_at)
           SELECT gen_random_uuid(), $1, now() + interval '30 days' FROM generate_series(1, $2::int)
           RETURNING id
         )
         INSERT INTO refresh_tokens (jti, session_id, issued_at, expires_at, used_at)
         SELECT gen_random_uuid(), s.id, now(), now() + interval '1 day', CASE WHEN g < $3::int THEN now() END
         FROM s, generate_series(1, $3::int) AS g`,
        [SEED_USER, sessions, TOKENS_PER_SESSION],
      );
      stored = await count();
    }
    return stored;
  });
}

