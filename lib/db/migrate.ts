// Applies prisma/migrations the way `prisma migrate deploy` does, without Prisma's schema engine binary
// (which these machines cannot download). It writes the same `_prisma_migrations` rows, so the real
// Prisma CLI can take over the same database later. No "server-only" import: scripts use this too.
import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import type { Client, PoolClient } from "pg";

export interface MigrationTarget {
  exec(sql: string): Promise<void>;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

export function pgliteTarget(db: PGlite): MigrationTarget {
  return {
    async exec(sql: string): Promise<void> {
      await db.exec(sql);
    },
    async query<T>(sql: string, params?: unknown[]): Promise<T[]> {
      return (await db.query<T>(sql, params)).rows;
    },
  };
}

export function pgTarget(client: Client | PoolClient): MigrationTarget {
  return {
    async exec(sql: string): Promise<void> {
      // Without parameters pg uses the simple query protocol, which accepts several statements.
      await client.query(sql);
    },
    async query<T>(sql: string, params?: unknown[]): Promise<T[]> {
      return (await client.query(sql, params)).rows as T[];
    },
  };
}

// Prisma's own advisory lock key, so this runner and `prisma migrate` exclude each other too.
const LOCK_KEY = 72707369;

// The DDL Prisma's engine runs (plus IF NOT EXISTS), so its CLI recognises the history.
const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
)`;

interface MigrationFile {
  name: string;
  sql: string;
  checksums: string[];
}

interface MigrationRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

function sha256(data: Buffer | string): string {
  return createHash("sha256").update(data).digest("hex");
}

/** prisma/migrations of the checkout the process runs in. */
const defaultMigrationsDir = (): string => path.join(process.cwd(), "prisma/migrations");

/** The migrations this checkout ships, in the order they apply. */
export async function listMigrationNames(dir = defaultMigrationsDir()): Promise<string[]> {
  // Read at run time from the checkout, never traced into a bundle.
  const entries = await readdir(/* turbopackIgnore: true */ dir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return [];
    throw error;
  });
  // localeCompare, not byte order: it is how Prisma's CLI orders the directories.
  return entries.filter((e) => e.isDirectory()).map((e) => e.name).sort((a, b) => a.localeCompare(b));
}

async function readMigrations(dir: string): Promise<MigrationFile[]> {
  const names = await listMigrationNames(dir);
  const migrations: MigrationFile[] = [];
  for (const name of names) {
    const file = path.join(dir, name, "migration.sql");
    const bytes = await readFile(file).catch(() => {
      throw new Error(`Migration ${name} has no readable migration.sql (${file})`);
    });
    const text = bytes.toString("utf8");
    // Prisma also accepts these two line-ending variants (script_matches_checksum), so a checkout with
    // git's autocrlf does not look "modified"; the first one is what gets recorded.
    const checksums = [sha256(bytes), sha256(text.replace(/\r\n/g, "\n")), sha256(text.replace(/\n/g, "\r\n"))];
    migrations.push({ name, sql: text, checksums });
  }
  return migrations;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export async function applyMigrations(
  target: MigrationTarget,
  options: { dir?: string; log?: (line: string) => void } = {},
): Promise<string[]> {
  const dir = options.dir ?? defaultMigrationsDir();
  const log = options.log ?? ((): void => {});
  const migrations = await readMigrations(dir);
  const applied: string[] = [];

  // A session lock, held across the per-migration transactions, so two deploys never interleave.
  await target.query("SELECT pg_advisory_lock($1)", [LOCK_KEY]);
  try {
    await target.exec(CREATE_TABLE);
    const rows = await target.query<MigrationRow>(
      `SELECT migration_name, checksum, finished_at, rolled_back_at FROM _prisma_migrations ORDER BY started_at`,
    );
    const live = rows.filter((r) => r.rolled_back_at === null);

    // Prisma's CLI leaves such a row when a migration errors, and the database may then hold part of it;
    // this runner never does (it rolls back), so only a human can tell what state the database is in.
    const failed = live.filter((r) => r.finished_at === null);
    if (failed.length > 0) {
      const names = failed.map((r) => r.migration_name).join(", ");
      throw new Error(
        `Migration ${names} failed in a previous run and was not rolled back. Inspect the database and ` +
          `undo (or finish) its changes by hand, then set rolled_back_at on its _prisma_migrations row ` +
          `(what \`prisma migrate resolve --rolled-back\` does) and run again.`,
      );
    }

    const finished = new Map(live.map((r) => [r.migration_name, r.checksum]));
    for (const migration of migrations) {
      const checksum = finished.get(migration.name);
      if (checksum !== undefined) {
        if (!migration.checksums.includes(checksum)) {
          throw new Error(
            `Migration ${migration.name} was modified after it was applied (checksum mismatch). ` +
              `Restore the committed migration.sql and put the change in a new migration.`,
          );
        }
        continue;
      }

      // One transaction per migration: a failure leaves neither schema changes nor a row behind.
      await target.exec("BEGIN");
      try {
        await target.exec(migration.sql);
        // now() is the transaction's start, clock_timestamp() the moment the script finished.
        await target.query(
          `INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
           VALUES ($1, $2, $3, now(), clock_timestamp(), 1)`,
          [randomUUID(), migration.checksums[0], migration.name],
        );
        await target.exec("COMMIT");
      } catch (error) {
        await target.exec("ROLLBACK").catch(() => {});
        throw new Error(`Migration ${migration.name} failed: ${message(error)}`);
      }
      applied.push(migration.name);
      log(`Applied ${migration.name}`);
    }
    return applied;
  } finally {
    await target.query("SELECT pg_advisory_unlock($1)", [LOCK_KEY]).catch(() => {});
  }
}
