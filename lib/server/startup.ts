import "server-only";
import { getKeys } from "@/lib/auth/keys";
import { getDatabase } from "@/lib/db/client";
import { getEnv } from "@/lib/env";

/** scripts/server.mjs listens and prints "Ready" only after this is called. */
const STARTUP_CHECKED = Symbol.for("next-jwt-auth.startup-checked");

/**
 * Checks the environment and opens (for the embedded database, locks and migrates; for PostgreSQL,
 * reaches) the database when the server starts, so a misconfiguration or a second process on the same
 * data directory stops the server with a clear message instead of failing the first request.
 */
export async function openAtStartup(): Promise<void> {
  try {
    getEnv();
    const database = await getDatabase();
    if (database.kind === "postgres") await database.prisma.$queryRaw`SELECT 1`;
    await getKeys();
  } catch (error) {
    console.error(`\nCannot start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
  const checked = (globalThis as { [STARTUP_CHECKED]?: () => void })[STARTUP_CHECKED];
  checked?.();
}
