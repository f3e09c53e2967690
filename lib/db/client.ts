import "server-only";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { getEnv } from "@/lib/env";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { lockDataDir } from "@/lib/db/data-dir-lock";
import { parseDatabaseUrl } from "@/lib/db/database-url";
import { applyMigrations, pgliteTarget } from "@/lib/db/migrate";

export type Db = PrismaClient;

export interface Database {
  prisma: PrismaClient;
  kind: "postgres" | "pglite";
  /** The embedded data directory, or null for PostgreSQL and in-memory PGlite. */
  dataDir: string | null;
  close(): Promise<void>;
}

async function openDatabase(): Promise<Database> {
  const env = getEnv();
  const target = parseDatabaseUrl(env.DATABASE_URL, env.DATA_DIR);
  if (target.kind === "postgres") {
    const adapter = new PrismaPg({ connectionString: target.url, max: 10, idleTimeoutMillis: 30_000 });
    const prisma = new PrismaClient({ adapter });
    return { prisma, kind: "postgres", dataDir: null, close: () => prisma.$disconnect() };
  }
  const release = target.dataDir ? lockDataDir(target.dataDir) : () => undefined;
  try {
    const pglite = target.dataDir ? await PGlite.create(target.dataDir) : await PGlite.create();
    // The embedded database is migrated at start: nobody else can have it open.
    await applyMigrations(pgliteTarget(pglite));
    const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
    const close = async (): Promise<void> => {
      await prisma.$disconnect();
      await pglite.close();
      release();
    };
    return { prisma, kind: "pglite", dataDir: target.dataDir, close };
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

/** Closes the process's database; the next `getDatabase()` opens a fresh one. */
export async function closeDatabase(): Promise<void> {
  const pending = globalForDb.authDatabase;
  globalForDb.authDatabase = undefined;
  if (pending) await (await pending).close();
}
