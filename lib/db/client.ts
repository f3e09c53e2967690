import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { getEnv } from "@/lib/env";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { lockDataDir, lockOpenDataDir } from "@/lib/db/data-dir-lock.mjs";
import { parseDatabaseUrl } from "@/lib/db/database-url.mjs";
import { createStatementNamer } from "@/lib/db/statement-names";
import { applyMigrations, pgliteTarget, pgTarget } from "@/lib/db/migrate";
import { openPglite } from "@/lib/db/pglite-open.mjs";
import { startConnectionFeed, startPgliteFeed, startPostgresFeed, type RevocationView } from "@/lib/db/revocations";

export type Db = PrismaClient;

export interface Database {
  prisma: PrismaClient;
  kind: "postgres" | "pglite";
  /** The embedded data directory, or null for PostgreSQL and in-memory PGlite. */
  dataDir: string | null;
  /** Sessions ended and users changed recently, as the database announced them. */
  revocations: RevocationView;
  close(): Promise<void>;
}

/** Set by scripts/server.mjs on the embedded database: the directory of its own process's socket. */
const EMBEDDED_SOCKET_ENV = "AUTH_EMBEDDED_DB_SOCKET";

/**
 * The embedded database served by its own process (lib/db/pglite-server.mjs), over PostgreSQL's protocol
 * on a Unix socket. One connection, since PGlite is one session, never closed for being idle. Migrated
 * here at start, as in-process: nobody else can have the data directory open.
 */
async function openEmbeddedOverSocket(socketDir: string, dataDir: string | null, retainSeconds: number): Promise<Database> {
  // Every setting pg would otherwise take from PG* variables meant for a real PostgreSQL is given here.
  const pool = new pg.Pool({ host: socketDir, port: 5432, ssl: false, user: "postgres", database: "postgres", max: 1, idleTimeoutMillis: 0, connectionTimeoutMillis: 10_000 });
  pool.on("error", () => undefined); // an idle connection that drops is replaced at the next query
  try {
    const client = await pool.connect();
    try {
      await applyMigrations(pgTarget(client));
    } finally {
      client.release();
    }
    const feed = await startConnectionFeed(pool, retainSeconds);
    // The adapter's own copy of pg's types lags behind ours; the pool is the same pg at run time.
    const adapterPool = pool as unknown as ConstructorParameters<typeof PrismaPg>[0];
    const prisma = new PrismaClient({ adapter: new PrismaPg(adapterPool, { statementNameGenerator: createStatementNamer() }) });
    const close = async (): Promise<void> => {
      await feed.close();
      await prisma.$disconnect();
      await pool.end();
    };
    return { prisma, kind: "pglite", dataDir, revocations: feed.view, close };
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
}

async function openDatabase(): Promise<Database> {
  const env = getEnv();
  const target = parseDatabaseUrl(env.DATABASE_URL, env.DATA_DIR);
  // A revoked session must be remembered while an access token issued before its end may be valid.
  const retainSeconds = env.ACCESS_TOKEN_LIFETIME + 60;
  if (target.kind === "postgres") {
    const adapter = new PrismaPg({ connectionString: target.url, max: 10, idleTimeoutMillis: 30_000 }, { statementNameGenerator: createStatementNamer() });
    const prisma = new PrismaClient({ adapter });
    const feed = startPostgresFeed(target.url, retainSeconds);
    const close = async (): Promise<void> => {
      await feed.close();
      await prisma.$disconnect();
    };
    return { prisma, kind: "postgres", dataDir: null, revocations: feed.view, close };
  }
  const socketDir = process.env[EMBEDDED_SOCKET_ENV];
  if (socketDir) return openEmbeddedOverSocket(socketDir, target.dataDir, retainSeconds);
  // In-process: tests, the command-line tools, `next dev`.
  const releaseLock = target.dataDir ? lockDataDir(target.dataDir) : () => undefined;
  let releaseOpen = (): void => undefined;
  const release = (): void => {
    releaseOpen();
    releaseLock();
  };
  try {
    if (target.dataDir) releaseOpen = await lockOpenDataDir(target.dataDir);
    const pglite = await openPglite(target.dataDir);
    // The embedded database is migrated at start: nobody else can have it open.
    await applyMigrations(pgliteTarget(pglite));
    const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
    const feed = await startPgliteFeed(pglite, retainSeconds);
    const close = async (): Promise<void> => {
      await feed.close();
      await prisma.$disconnect();
      await pglite.close();
      release();
    };
    return { prisma, kind: "pglite", dataDir: target.dataDir, revocations: feed.view, close };
  } catch (error) {
    release();
    throw error;
  }
}

const globalForDb = globalThis as unknown as { authDatabase?: Promise<Database> };

/** One database per process, opened on first use (kept on globalThis so dev reloads reuse it). */
export function getDatabase(): Promise<Database> {
  globalForDb.authDatabase ??= openDatabase().catch((error: unknown) => {
    globalForDb.authDatabase = undefined;
    throw error;
  });
  return globalForDb.authDatabase;
}

export async function getPrisma(): Promise<PrismaClient> {
  return (await getDatabase()).prisma;
}

export async function getRevocationView(): Promise<RevocationView> {
  return (await getDatabase()).revocations;
}

/** Closes the process's database; the next `getDatabase()` opens a fresh one. */
export async function closeDatabase(): Promise<void> {
  const pending = globalForDb.authDatabase;
  globalForDb.authDatabase = undefined;
  if (pending) await (await pending).close();
}
