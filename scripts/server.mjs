// The production server: Next's request handler behind node:http, so the app knows the real socket
// address and protocol of each client (Next itself only passes on X-Forwarded-*, which a client can forge).
//
// On PostgreSQL it runs WEB_CONCURRENCY processes (default: one per core) with node:cluster: a primary
// that owns the port and keeps the workers alive, and workers that each run Next. On the embedded
// database it is always one process, since a single process must own the data directory.
import "./require-runtime.mjs";
import { fork } from "node:child_process";
import cluster from "node:cluster";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import nextEnv from "@next/env";
import { lockDataDir } from "../lib/db/data-dir-lock.mjs";
import { parseDatabaseUrl } from "../lib/db/database-url.mjs";
import { API_CONTENT_SECURITY_POLICY, COMMON_SECURITY_HEADERS } from "../lib/http/common-headers.mjs";
import { FORWARDED_HEADERS, SOCKET_ADDRESS_HEADER, SOCKET_PROTOCOL_HEADER, SUPPORTED_METHODS, UNSUPPORTED_METHOD_HEADER } from "../lib/http/server-headers.mjs";
import { trackRequest } from "../lib/observability/http.mjs";
import { logServerError } from "../lib/observability/log.mjs";
import { CLUSTER_METRICS_ENV, getMetrics, serveClusterMetrics } from "../lib/observability/metrics.mjs";
import { loadRouteMatcher } from "../lib/observability/routes.mjs";

// .env files, as Next reads them, before this process decides anything from the environment.
nextEnv.loadEnvConfig(process.cwd(), false, { info: () => undefined, error: console.error });

const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOSTNAME_BIND ?? process.env.HOST ?? "0.0.0.0";
const trustsProxy = Number(process.env.TRUST_PROXY ?? 0) > 0;
const publicUrl = `http://${hostname === "0.0.0.0" ? "localhost" : hostname}:${port}`;

/** How long a stopping process lets in-flight requests finish. */
const DRAIN_TIMEOUT_MS = 5_000;
/** How long the environment and database checks (instrumentation.ts) may take before the start fails. */
const STARTUP_TIMEOUT_MS = 60_000;
/** A worker that dies sooner than this after its start counts towards the restart backoff. */
const SHORT_LIFE_MS = 10_000;
/** How long the embedded database's process may take to open (or create) the data directory. */
const DATABASE_START_TIMEOUT_MS = 180_000;
/** Replacements in a row that die before they are ready, after which the primary gives up. */
const MAX_FAILED_STARTS = 5;
/** Resolved by lib/server/startup.ts once the environment and the database checks have passed. */
const STARTUP_CHECKED = Symbol.for("next-jwt-auth.startup-checked");

function fail(message) {
  console.error(`\nCannot start: ${message}\n`);
  process.exit(1);
}

/** How many server processes to run, from WEB_CONCURRENCY and the kind of database. */
function processCount() {
  const raw = process.env.WEB_CONCURRENCY?.trim() ?? "";
  const requested = raw === "" ? undefined : Number(raw);
  if (requested !== undefined && (!Number.isInteger(requested) || requested < 1)) {
    fail(`WEB_CONCURRENCY must be a whole number of processes, 1 or more (got "${raw}").`);
  }
  if (!/^postgres(ql)?:\/\//i.test(process.env.DATABASE_URL?.trim() ?? "")) {
    const ignored = requested !== undefined && requested > 1 ? ` (WEB_CONCURRENCY=${requested} ignored: a single process must own the data directory)` : "";
    console.log(`> embedded database: 1 server process and the database's own process${ignored}`);
    return 1;
  }
  const count = requested ?? os.availableParallelism();
  console.log(`> PostgreSQL: ${count} server process${count === 1 ? "" : "es"}${requested === undefined ? " (one per core; set WEB_CONCURRENCY to change)" : ""}`);
  return count;
}

function sendJson(res, status, body, headers = {}) {
  res.writeHead(status, { ...COMMON_SECURITY_HEADERS, "content-security-policy": API_CONTENT_SECURITY_POLICY, "content-type": "application/json", "cache-control": "no-store", ...headers });
  res.end(JSON.stringify(body));
}

const methodNotAllowed = { detail: "Method not allowed.", code: "method_not_allowed" };

const PAGE_METHODS = ["GET", "HEAD"];

/**
 * Answers methods a route cannot serve before Next sees them (true when answered). Pages (everything
 * outside the API) serve GET and HEAD only: anything else, a body included, is a 405 here and is never
 * read. Methods Next cannot dispatch at all (TRACE, PROPFIND, ...) reach the API's routes as an OPTIONS
 * request marked with the real method: each route knows its own Allow.
 */
function answerUnsupportedMethod(req, res) {
  const method = req.method ?? "";
  const path = req.url ?? "/";
  if (path.startsWith("/api/") || path === "/api" || path.startsWith("/.well-known/")) {
    if (SUPPORTED_METHODS.includes(method)) return false;
    req.headers[UNSUPPORTED_METHOD_HEADER] = method;
    req.method = "OPTIONS";
    return false;
  }
  if (PAGE_METHODS.includes(method)) return false;
  if (method === "OPTIONS") {
    res.writeHead(204, { ...COMMON_SECURITY_HEADERS, allow: PAGE_METHODS.join(", ") });
    res.end();
  } else {
    sendJson(res, 405, methodNotAllowed, { allow: PAGE_METHODS.join(", ") });
  }
  return true;
}

/** Waits until instrumentation.ts has checked the environment and opened the database (it exits 1 if not). */
function startupChecked() {
  return new Promise((resolve) => {
    const timer = setTimeout(() => fail(`the environment and database checks did not finish within ${STARTUP_TIMEOUT_MS / 1000} s.`), STARTUP_TIMEOUT_MS);
    globalThis[STARTUP_CHECKED] = () => {
      clearTimeout(timer);
      delete globalThis[STARTUP_CHECKED];
      resolve();
    };
  });
}

/** The embedded database's own process (lib/db/pglite-server.mjs), or null on PostgreSQL. */
let database = null;

/**
 * On the embedded database, starts its own process and waits until it serves its socket, so the server
 * process holds Next alone and the two run on separate cores. The app finds the socket through
 * AUTH_EMBEDDED_DB_SOCKET (lib/db/client.ts). The database process outlives nothing: it stops when this
 * process goes, and this one stops if it dies.
 */
async function startEmbeddedDatabase() {
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
function exitAfterDatabase(code) {
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

/** One process serving requests: the whole server alone, or one cluster worker. */
async function serve() {
  // Tells the app (same process) that every request's socket headers were written here.
  process.env.AUTH_SOCKET_HEADER_TRUSTED = "1";

  const checked = startupChecked();
  // Creates this process's registry now: a cluster worker answers the primary's gathering from the start.
  getMetrics();
  // Imported here: a cluster's primary never loads Next.
  const { default: next } = await import("next");
  const app = next({ dev: false, dir: process.cwd(), hostname, port });
  // prepare() starts Next's own preparation, which runs instrumentation.ts, but does not wait for it.
  await app.prepare();
  const handle = app.getRequestHandler();
  await checked;
  const matchRoute = loadRouteMatcher(process.env.NEXT_DIST_DIR || ".next");

  const server = http.createServer((req, res) => {
    // An id, X-Request-Id, and one log line and the HTTP metrics when the response ends.
    const requestId = trackRequest(req, res, { trustsProxy, matchRoute });
    const address = req.socket.remoteAddress ?? "";
    req.headers[SOCKET_ADDRESS_HEADER] = address.startsWith("::ffff:") ? address.slice(7) : address;
    req.headers[SOCKET_PROTOCOL_HEADER] = req.socket.encrypted ? "https" : "http";
    delete req.headers[UNSUPPORTED_METHOD_HEADER];
    // Without a trusted proxy these are the client's own claims: Next would build request.url from them.
    if (!trustsProxy) for (const name of FORWARDED_HEADERS) delete req.headers[name];
    if (answerUnsupportedMethod(req, res)) return;
    handle(req, res).catch((error) => {
      logServerError(error, requestId, "server_unhandled");
      if (!res.headersSent) sendJson(res, 500, { detail: "Something went wrong on our side. Try again later.", code: "server_error" });
    });
  });
  server.keepAliveTimeout = 65_000;
  // Requests Node's parser refuses (an unknown method, a malformed header) get the JSON shape too.
  server.on("clientError", (error, socket) => {
    if (!socket.writable || error.code === "ECONNRESET") return socket.destroy();
    const body = JSON.stringify({ detail: "The request is not valid HTTP.", code: "invalid_request" });
    socket.end(`HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
  });
  server.listen(port, hostname, () => {
    // A worker's readiness is reported to the primary by the cluster's "listening" event.
    if (cluster.isPrimary) console.log(`> Ready on ${publicUrl}`);
  });

  // Stop accepting, let in-flight requests finish (idle keep-alive connections are closed), then exit.
  let closing = false;
  for (const signal of ["SIGTERM", "SIGINT"]) {
    process.on(signal, () => {
      if (closing) return;
      closing = true;
      server.close(() => void exitAfterDatabase(0));
      // close() ends the idle keep-alive connections once; the busy ones become idle when their response is sent.
      setInterval(() => server.closeIdleConnections(), 100).unref();
      setTimeout(() => void exitAfterDatabase(0), DRAIN_TIMEOUT_MS).unref();
    });
  }
}

/** The cluster's primary: forks the workers, replaces the ones that die, drains them all on SIGTERM/SIGINT. */
function supervise(count) {
  // Housekeeping (flushing expired rows) runs in one worker only, unless switched off for all.
  const housekeepingOff = process.env.HOUSEKEEPING === "off";
  let announced = false;
  let stopping = false;
  let failedStarts = 0;
  let restartDelay = 0;
  const restartTimers = new Set();
  const state = new Map(); // worker -> { housekeeper, startedAt, ready }

  const fork = (housekeeper) => {
    const worker = cluster.fork({ HOUSEKEEPING: housekeeper ? (process.env.HOUSEKEEPING ?? "on") : "off", [CLUSTER_METRICS_ENV]: "1" });
    state.set(worker, { housekeeper, startedAt: Date.now(), ready: false });
  };

  const stop = (code) => {
    stopping = true;
    for (const timer of restartTimers) clearTimeout(timer);
    if (state.size === 0) process.exit(code);
    for (const worker of state.keys()) worker.process.kill("SIGTERM");
    // The workers bound their own drain; this only guards against one that hangs.
    setTimeout(() => {
      for (const worker of state.keys()) worker.process.kill("SIGKILL");
      process.exit(code || 1);
    }, DRAIN_TIMEOUT_MS + 2_000).unref();
    cluster.on("exit", () => state.size === 0 && process.exit(code));
  };

  cluster.on("listening", (worker) => {
    const entry = state.get(worker);
    if (!entry) return;
    entry.ready = true;
    failedStarts = 0;
    if (announced) console.log(`> server process ${worker.process.pid} is ready`);
    else if ([...state.values()].every((e) => e.ready)) {
      announced = true;
      console.log(`> Ready on ${publicUrl} (${count} processes)`);
    }
  });

  cluster.on("exit", (worker, code, signal) => {
    const entry = state.get(worker);
    state.delete(worker);
    if (stopping || !entry) return;
    const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
    if (!entry.ready) {
      if (!announced) {
        // The same environment fails the same way in every worker: stop rather than loop.
        console.error(`[server] server process ${worker.process.pid} ${how} before it was ready; stopping.`);
        return stop(1);
      }
      if (++failedStarts >= MAX_FAILED_STARTS) {
        console.error(`[server] ${failedStarts} replacement server processes in a row died before they were ready (the last ${how}); giving up.`);
        return stop(1);
      }
    }
    const lived = Date.now() - entry.startedAt;
    restartDelay = lived < SHORT_LIFE_MS ? Math.min(Math.max(restartDelay * 2, 250), 10_000) : 0;
    console.error(`[server] server process ${worker.process.pid} ${how}; starting a replacement${restartDelay ? ` in ${restartDelay / 1000} s` : ""}.`);
    const timer = setTimeout(() => {
      restartTimers.delete(timer);
      fork(entry.housekeeper);
    }, restartDelay);
    restartTimers.add(timer);
  });

  for (const signal of ["SIGTERM", "SIGINT"]) {
    process.on(signal, () => {
      if (stopping) return;
      console.log(`> ${signal}: draining ${state.size} server process${state.size === 1 ? "" : "es"}`);
      stop(0);
    });
  }

  // GET /api/metrics in any worker answers for all of them: the primary gathers and sums.
  serveClusterMetrics(() => [...state].filter(([, entry]) => entry.ready).map(([worker]) => worker));
  for (let i = 0; i < count; i++) fork(i === 0 && !housekeepingOff);
}

if (cluster.isWorker) await serve();
else {
  const count = processCount();
  if (count === 1) {
    await startEmbeddedDatabase();
    await serve();
  }
  else supervise(count);
}
