// `npm run db:migrate`: applies prisma/migrations to the database in DATABASE_URL, standing in for
// `prisma migrate deploy` (whose native engine these machines cannot download).
//   postgres://… or postgresql://…  a PostgreSQL server, through pg
//   pglite:<dir> (default pglite:./.data/pglite)  an embedded PGlite data directory
//   pglite:memory  a throwaway in-memory PGlite (useful to check the migrations apply)
// PGlite takes no lock on its directory: this takes the server's lock, so it refuses to run beside one.
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { lockDataDir } from "../lib/db/data-dir-lock.mjs";
import { applyMigrations, pgliteTarget, pgTarget } from "../lib/db/migrate";

const log = (line: string): void => console.log(line);

function summary(applied: string[], where: string): string {
  return applied.length === 0
    ? `No pending migrations on ${where}`
    : `${applied.length} migration${applied.length === 1 ? "" : "s"} applied on ${where}`;
}

async function migratePostgres(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const where = `${client.host}:${client.port}/${client.database}`;
    console.log(summary(await applyMigrations(pgTarget(client), { log }), where));
  } finally {
    await client.end();
  }
}

async function migratePglite(location: string): Promise<void> {
  const inMemory = location === "memory";
  let dataDir: string | undefined;
  if (!inMemory) {
    dataDir = path.resolve(location);
    // Private like the server's (PGlite writes its files readable by all), and never beside a running server.
    lockDataDir(dataDir);
  }
  const db = new PGlite(dataDir);
  try {
    const where = inMemory ? "pglite:memory" : `pglite:${dataDir}`;
    console.log(summary(await applyMigrations(pgliteTarget(db), { log }), where));
  } finally {
    await db.close();
  }
}

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL || "pglite:./.data/pglite";
  if (/^postgres(ql)?:\/\//.test(url)) return migratePostgres(url);
  const pglite = /^pglite:(.+)$/.exec(url);
  if (pglite?.[1]) return migratePglite(pglite[1]);
  // Name only the scheme: the rest of a URL may carry a password.
  const scheme = url.split(":")[0];
  throw new Error(
    `DATABASE_URL must be postgres://…, postgresql://…, pglite:memory or pglite:<dir>; got "${scheme}:…"`,
  );
}

main().then(
  // PGlite leaves a timer running, so the process would never end on its own.
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
