// Opening the embedded database, shared by its own process (pglite-server.mjs) and by the tests and
// command-line tools that open it in-process. Plain JavaScript so node runs it without a build.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";

/**
 * Sized for this workload (small rows, one session): PGlite's default 128 MB of shared buffers costs
 * about 130 MB of resident memory that is never given back.
 */
export const PGLITE_OPTIONS = { postgresqlconf: ["shared_buffers = 16MB"] };

// From the working directory (the app's root), not import.meta.url: in `next dev` this file is bundled.
const initScript = () => path.join(process.cwd(), "lib/db/pglite-init.mjs");

/**
 * PGlite on `dataDir` (null: in memory). A directory that does not exist yet is created by initdb in a
 * short-lived child process: initdb would leave a long-lived one about 600 MB larger for good.
 */
export async function openPglite(dataDir) {
  if (!dataDir) return PGlite.create(PGLITE_OPTIONS);
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
    execFileSync(process.execPath, [initScript(), dataDir], { stdio: "inherit", timeout: 120_000 });
  }
  return PGlite.create(dataDir, PGLITE_OPTIONS);
}
