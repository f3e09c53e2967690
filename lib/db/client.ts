import "server-only";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { getEnv } from "@/lib/env";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { lockDataDir } from "@/lib/db/data-dir-lock";
import { parseDatabaseUrl } from "@/lib/db/database-url";
import { createStatementNamer } from "@/lib/db/statement-names";
import { applyMigrations, pgliteTarget } from "@/lib/db/migrate";
import { startPgliteFeed, startPostgresFeed, type RevocationView } from "@/lib/db/revocations";

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

/**
 * Sized for this workload (small rows, one process): PGlite's default 128 MB of shared buffers costs
 * about 130 MB of resident memory the server never gets back.
 */
const PGLITE_OPTIONS = { postgresqlconf: ["shared_buffers = 16MB"] };

/** initdb in a child process: it would leave this long-lived one about 600 MB larger for good. */
function createPgliteDirectory(dataDir: string): void {
  execFileSync(process.execPath, [path.join(process.cwd(), "lib/db/pglite-init.mjs"), dataDir], { stdio: "inherit", timeout: 120_000 });
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
  const release = target.dataDir ? lockDataDir(target.dataDir) : () => undefined;
  try {
    if (target.dataDir && !existsSync(path.join(target.dataDir, "PG_VERSION"))) createPgliteDirectory(target.dataDir);
    const pglite = target.dataDir ? await PGlite.create(target.dataDir, PGLITE_OPTIONS) : await PGlite.create(PGLITE_OPTIONS);
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
