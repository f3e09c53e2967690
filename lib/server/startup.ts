import "server-only";
import { getKeys } from "@/lib/auth/keys";
import { getDatabase } from "@/lib/db/client";

/**
 * Opens (and for the embedded database, locks and migrates) the database when the server starts, so a
 * misconfiguration or a second process on the same data directory stops the server with a clear
 * message instead of failing the first request.
 */
export async function openAtStartup(): Promise<void> {
  try {
    await getDatabase();
    await getKeys();
  } catch (error) {
    console.error(`\nCannot start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
