// One process serving requests: the whole server alone, or one cluster worker.
import cluster from "node:cluster";
import { getMetrics } from "../../lib/observability/metrics.mjs";
import { loadRouteMatcher } from "../../lib/observability/routes.mjs";
import { exitAfterDatabase } from "./embedded-database.mjs";
import { createEdge } from "./http-edge.mjs";
import { DRAIN_TIMEOUT_MS, fail, hostname, listenUrl, port, publicUrl, sharesPortInKernel, trustsProxy, WORKER_READY } from "./settings.mjs";

/** How long the environment and database checks (instrumentation.ts) may take before the start fails. */
const STARTUP_TIMEOUT_MS = 60_000;
/** Resolved by lib/server/startup.ts once the environment and the database checks have passed. */
const STARTUP_CHECKED = Symbol.for("next-jwt-auth.startup-checked");

/** Waits until instrumentation.ts has checked the environment and opened the database (it exits 1 if not). */
function startupChecked() {
  return new Promise((resolve) => {
    const timer = setTimeout(() => fail(`the environment and database checks did not finish within ${STARTUP_TIMEOUT_MS / 1000} s.`), STARTUP_TIMEOUT_MS);
    globalThis[STARTUP_CHECKED] = (report) => {
      clearTimeout(timer);
      delete globalThis[STARTUP_CHECKED];
      resolve(report);
    };
  });
}

/** The first-admin link: the token rides in the fragment, which never reaches a server log or a Referer. */
function printSetupLink({ setupToken, setupLinkMinutes }) {
  console.log(`> No administrator yet. Create the first one within ${setupLinkMinutes} minutes (one use) at:\n>   ${publicUrl}/setup#${setupToken}`);
}

export async function serve() {
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
  const report = await checked;
  const matchRoute = loadRouteMatcher(process.env.NEXT_DIST_DIR || ".next");

  const server = createEdge({ handle, matchRoute, trustsProxy });
  // A lone process never sets reusePort: a second server on its port must fail, not share the traffic.
  server.listen({ port, host: hostname, reusePort: cluster.isWorker && sharesPortInKernel }, () => {
    if (cluster.isWorker) process.send({ type: WORKER_READY });
    else console.log(`> Ready on ${listenUrl} (Node ${process.versions.node})`);
    if (report?.setupToken) printSetupLink(report);
  });

  // Stop accepting, let in-flight requests finish (idle keep-alive connections are closed), then exit.
  let closing = false;
  for (const signal of ["SIGTERM", "SIGINT"]) {
    process.on(signal, () => {
      if (closing) return;
      closing = true;
      server.close(() => void exitAfterDatabase(0));
      // From here a new connection is refused; an operator (and the cluster test) can tell when that began.
      console.log(cluster.isWorker ? `> server process ${process.pid} stopped accepting connections` : `> ${signal}: stopped accepting connections, finishing the requests in flight`);
      // close() ends the idle keep-alive connections once; the busy ones become idle when their response is sent.
      setInterval(() => server.closeIdleConnections(), 100).unref();
      setTimeout(() => void exitAfterDatabase(0), DRAIN_TIMEOUT_MS).unref();
    });
  }
}
