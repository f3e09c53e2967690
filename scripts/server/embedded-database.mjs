// The embedded database's own process (lib/db/pglite-server.mjs) under a one-process server: started
// before Next, so the server process holds Next alone and the two run on separate cores.
import { fork } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { lockDataDir } from "../../lib/db/data-dir-lock.mjs";
import { parseDatabaseUrl } from "../../lib/db/database-url.mjs";
import { fail } from "./settings.mjs";

/** How long the embedded database's process may take to open (or create) the data directory. */
const DATABASE_START_TIMEOUT_MS = 180_000;

/** The running database process, or null on PostgreSQL. */
let database = null;

/**
 * On the embedded database, starts its process and waits until it serves its socket. The app finds the
 * socket through AUTH_EMBEDDED_DB_SOCKET (lib/db/client.ts). The database process outlives nothing: it
 * stops when this process goes, and this one stops if it dies.
 */
export async function startEmbeddedDatabase() {
  let target;
  try {
    target = parseDatabaseUrl(process.env.DATABASE_URL?.trim() || undefined, process.env.DATA_DIR || ".data");
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  if (target.kind !== "pglite") return;
  if (target.dataDir) {
    try {
      lockDataDir(target.dataDir); // released when this process exits
    } catch (error) {
      fail(error instanceof Error ? error.message : String(error));
    }
  }
  // A directory only this user can enter: the socket gives whoever reaches it the whole database.
  const socketDir = fs.mkdtempSync(path.join(os.tmpdir(), "auth-db-"));
  process.once("exit", () => fs.rmSync(socketDir, { recursive: true, force: true }));
  const child = fork(path.join(process.cwd(), "lib/db/pglite-server.mjs"), [target.dataDir ?? "memory", socketDir], { stdio: "inherit" });
  await new Promise((resolve) => {
    // Creating a new directory (initdb in a child of its own) takes a while; opening one, a second or two.
    const timer = setTimeout(() => fail(`the embedded database did not open within ${DATABASE_START_TIMEOUT_MS / 1000} s.`), DATABASE_START_TIMEOUT_MS);
    child.once("message", () => {
      clearTimeout(timer);
      resolve();
    });
    child.once("exit", () => fail("the embedded database could not be opened (see above)."));
  });
  child.removeAllListeners("exit");
  database = { child, closing: null };
  child.once("exit", (code, signal) => {
    const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
    if (database?.closing && code === 0) return; // asked to close, and it did
    console.error(`[server] the embedded database's process ${how}${database?.closing ? " while closing" : ""}; stopping.`);
    process.exit(1);
  });
  process.env.AUTH_EMBEDDED_DB_SOCKET = socketDir;
}

/** Lets the embedded database close itself (it flushes to disk), then exits with `code`; once, however often called. */
export function exitAfterDatabase(code) {
  if (!database) process.exit(code);
  database.closing ??= new Promise((resolve) => {
    const { child } = database;
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", resolve);
    child.disconnect();
    // Its own bound is 10 s; this one only guards against a process that hangs anyway.
    setTimeout(() => {
      console.error("[server] the embedded database did not close in time; stopping without it.");
      process.exit(1);
    }, 15_000).unref();
  }).then(() => process.exit(code));
  return database.closing;
}
