// What every part of the server reads from the environment.
import os from "node:os";
import nextEnv from "@next/env";

// .env files, as Next reads them, before this process decides anything from the environment.
nextEnv.loadEnvConfig(process.cwd(), false, { info: () => undefined, error: console.error });

export const port = Number(process.env.PORT ?? 3000);
export const hostname = process.env.HOSTNAME_BIND ?? process.env.HOST ?? "0.0.0.0";
export const trustsProxy = Number(process.env.TRUST_PROXY ?? 0) > 0;
/** The address the server listens on, for "Ready on". */
export const listenUrl = `http://${hostname === "0.0.0.0" ? "localhost" : hostname}:${port}`;
/** Where people open the pages: APP_URL when set (the setup link must work there, passkeys belong to it). */
export const publicUrl = process.env.APP_URL?.replace(/\/+$/, "") || listenUrl;

/**
 * Cluster workers each listen on the port themselves (SO_REUSEPORT) and the kernel spreads the connections:
 * Linux has it (Node 22.12+). Elsewhere node:cluster's round-robin stays, in which the primary accepts each
 * connection and hands it to a worker, and a connection handed to a worker that dies is never answered.
 */
export const sharesPortInKernel = process.platform === "linux";

/** The message a worker sends its primary once it listens (the cluster's "listening" event fires only for round-robin). */
export const WORKER_READY = "auth-server-ready";

/** How long a stopping process lets in-flight requests finish. */
export const DRAIN_TIMEOUT_MS = 5_000;

export function fail(message) {
  console.error(`\nCannot start: ${message}\n`);
  process.exit(1);
}

/** True when DATABASE_URL names a PostgreSQL server (anything else is the embedded database). */
export function isPostgres() {
  return /^postgres(ql)?:\/\//i.test(process.env.DATABASE_URL?.trim() ?? "");
}

/** How many server processes to run, from WEB_CONCURRENCY and the kind of database. */
export function processCount() {
  const raw = process.env.WEB_CONCURRENCY?.trim() ?? "";
  const requested = raw === "" ? undefined : Number(raw);
  if (requested !== undefined && (!Number.isInteger(requested) || requested < 1)) {
    fail(`WEB_CONCURRENCY must be a whole number of processes, 1 or more (got "${raw}").`);
  }
  if (!isPostgres()) {
    const ignored = requested !== undefined && requested > 1 ? ` (WEB_CONCURRENCY=${requested} ignored: a single process must own the data directory)` : "";
    console.log(`> embedded database: 1 server process and the database's own process${ignored}`);
    return 1;
  }
  const count = requested ?? os.availableParallelism();
  console.log(`> PostgreSQL: ${count} server process${count === 1 ? "" : "es"}${requested === undefined ? " (one per core; set WEB_CONCURRENCY to change)" : ""}`);
  return count;
}
