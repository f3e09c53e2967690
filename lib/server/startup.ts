import "server-only";
import { offerSetupLink, SETUP_LINK_LIFETIME } from "@/lib/auth/admin";
import { getKeys } from "@/lib/auth/keys";
import { getDatabase } from "@/lib/db/client";
import { getEnv } from "@/lib/env";

/** scripts/server.mjs listens and prints "Ready" only after this is called (with the setup link's token, if any). */
const STARTUP_CHECKED = Symbol.for("next-jwt-auth.startup-checked");

type StartupChecked = (report: { setupToken: string | null; setupLinkMinutes: number }) => void;

/**
 * Checks the environment and opens (for the embedded database, locks and migrates; for PostgreSQL,
 * reaches) the database when the server starts, so a misconfiguration or a second process on the same
 * data directory stops the server with a clear message instead of failing the first request. While no
 * staff account exists, the process that does housekeeping (one per cluster) mints a first-admin setup
 * link for the console.
 */
export async function openAtStartup(): Promise<void> {
  let setupToken: string | null = null;
  try {
    const env = getEnv();
    const database = await getDatabase();
    if (database.kind === "postgres") await database.prisma.$queryRaw`SELECT 1`;
    await getKeys();
    if (env.HOUSEKEEPING === "on") setupToken = await offerSetupLink();
  } catch (error) {
    console.error(`\nCannot start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
  const checked = (globalThis as { [STARTUP_CHECKED]?: StartupChecked })[STARTUP_CHECKED];
  const report = { setupToken, setupLinkMinutes: SETUP_LINK_LIFETIME / 60 };
  if (checked) checked(report);
  else if (setupToken) console.log(`> No administrator yet: open /setup#${setupToken} on this server within ${report.setupLinkMinutes} minutes to create one.`);
}
