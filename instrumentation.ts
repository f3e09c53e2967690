/**
 * Opens (and for the embedded database, locks and migrates) the database when the server starts, so a
 * misconfiguration or a second process on the same data directory stops the server with a clear
 * message instead of failing the first request.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { getDatabase } = await import("./lib/db/client");
  const { getKeys } = await import("./lib/auth/keys");
  try {
    await getDatabase();
    await getKeys();
  } catch (error) {
    console.error(`\nCannot start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
