import "server-only";
import { getPrisma } from "@/lib/db/client";
import { listMigrationNames } from "@/lib/db/migrate";

/** A probe that does not answer in time counts as failed: a load balancer must not hang on us. */
function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  return Promise.race([work, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref())]);
}

export interface DatabaseReadiness {
  /** Null when reachable, else why not. */
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
    return { unreachable: error instanceof Error ? error.message.split("\n")[0]!.slice(0, 200) : "unknown error", pendingMigrations: null };
  }
}
