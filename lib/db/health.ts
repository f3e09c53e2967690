import "server-only";
import { getPrisma } from "@/lib/db/client";
import { listMigrationNames } from "@/lib/db/migrate";

/** A probe that does not answer in time counts as failed: a load balancer must not hang on us. */
function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  return Promise.race([work, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref())]);
}

/**
 * One line saying why the database did not answer, never empty: Prisma's messages start with a newline and
 * an "Invalid invocation" header and end with the cause, so the last line that has any text is the reason.
 */
export function describeDatabaseFailure(error: unknown): string {
  const lines = (error instanceof Error ? error.message : String(error)).split("\n").map((line) => line.trim()).filter(Boolean);
  return (lines.at(-1) ?? (error instanceof Error ? error.name : "unknown error")).slice(0, 200);
}

export interface DatabaseReadiness {
  /** Null when reachable, else why not (never empty). */
  unreachable: string | null;
  /** Migrations in prisma/migrations that the database has not applied (null when it could not be asked). */
  pendingMigrations: string[] | null;
}

/** Whether the database answers, and whether every migration of this build has been applied to it. */
export async function checkDatabaseReadiness(timeoutMs = 2_000): Promise<DatabaseReadiness> {
  try {
    const prisma = await withTimeout(getPrisma(), timeoutMs);
    const applied = await withTimeout(
      prisma.$queryRaw<{ name: string }[]>`SELECT migration_name AS name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
      timeoutMs,
    );
    const done = new Set(applied.map((row) => row.name));
    return { unreachable: null, pendingMigrations: (await listMigrationNames()).filter((name) => !done.has(name)) };
  } catch (error) {
    return { unreachable: describeDatabaseFailure(error), pendingMigrations: null };
  }
}
