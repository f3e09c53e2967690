// Plain JavaScript: the embedded database's own process (pglite-server.mjs) takes this lock, and the
// app and the command-line tools check it.
import fs from "node:fs";
import path from "node:path";
import { ensurePrivateDataDir } from "./private-data-dir.mjs";

function isProcessAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
}

/**
 * PGlite takes no lock of its own, and two processes on one data directory corrupt it.
 * The lock is a pid file created exclusively; a file left by a dead process is taken over.
 * `name` tells two locks apart: "lock" is the one a server or a tool holds (and its errors name), "open"
 * the one the process that has PGlite open holds (the server's database process) until PGlite is closed.
 * The directory that holds the database and its locks is made private first (or the start refused).
 */
export function lockDataDir(dataDir, name = "lock") {
  const notice = ensurePrivateDataDir(path.dirname(dataDir), path.basename(dataDir));
  if (notice) console.warn(`> ${notice}`);
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const lockPath = path.join(dataDir, "..", `${path.basename(dataDir)}.${name}`);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath, String(process.pid), { flag: "wx", mode: 0o600 });
      const release = () => {
        try {
          if (fs.readFileSync(/* turbopackIgnore: true */ lockPath, "utf8") === String(process.pid)) fs.unlinkSync(lockPath);
        } catch {
          // already gone
        }
      };
      process.once("exit", release);
      return release;
    } catch (error) {
      if (error.code !== "EEXIST") throw error;
      const owner = Number(fs.readFileSync(/* turbopackIgnore: true */ lockPath, "utf8"));
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isProcessAlive(owner)) {
        throw new Error(
          `The embedded database at ${dataDir} is in use by process ${owner}. ` +
            "Stop it first, or point DATABASE_URL at PostgreSQL to run several instances.",
        );
      }
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`Could not lock the embedded database at ${dataDir}.`);
}

/** The live process holding the embedded database at `dataDir` (a running server), or null. */
export function findDataDirOwner(dataDir) {
  try {
    const owner = Number(fs.readFileSync(/* turbopackIgnore: true */ path.join(dataDir, "..", `${path.basename(dataDir)}.lock`), "utf8"));
    return Number.isInteger(owner) && owner > 0 && owner !== process.pid && isProcessAlive(owner) ? owner : null;
  } catch {
    return null;
  }
}

/**
 * The "open" lock, waiting up to `timeoutMs` for a previous holder to finish closing PGlite (a server's
 * database process outlives its server for as long as that takes).
 */
export async function lockOpenDataDir(dataDir, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return lockDataDir(dataDir, "open");
    } catch (error) {
      if (Date.now() > deadline || !/in use by process/.test(error.message)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
