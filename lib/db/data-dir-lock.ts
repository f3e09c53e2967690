import fs from "node:fs";
import path from "node:path";

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * PGlite takes no lock of its own, and two processes on one data directory corrupt it.
 * The lock is a pid file created exclusively; a file left by a dead process is taken over.
 */
export function lockDataDir(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, "..", `${path.basename(dataDir)}.lock`);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath, String(process.pid), { flag: "wx", mode: 0o600 });
      const release = (): void => {
        try {
          if (fs.readFileSync(lockPath, "utf8") === String(process.pid)) fs.unlinkSync(lockPath);
        } catch {
          // already gone
        }
      };
      process.once("exit", release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number(fs.readFileSync(lockPath, "utf8"));
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
export function findDataDirOwner(dataDir: string): number | null {
  try {
    const owner = Number(fs.readFileSync(path.join(dataDir, "..", `${path.basename(dataDir)}.lock`), "utf8"));
    return Number.isInteger(owner) && owner > 0 && owner !== process.pid && isProcessAlive(owner) ? owner : null;
  } catch {
    return null;
  }
}
