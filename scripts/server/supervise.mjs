// The cluster's primary: forks the workers, replaces the ones that die, drains them all on SIGTERM/SIGINT.
// It never loads Next.
import cluster from "node:cluster";
import net from "node:net";
import { CLUSTER_METRICS_ENV, serveClusterMetrics } from "../../lib/observability/metrics.mjs";
import { DRAIN_TIMEOUT_MS, fail, hostname, listenUrl, port, sharesPortInKernel, WORKER_READY } from "./settings.mjs";

/** A worker that dies sooner than this after its start counts towards the restart backoff. */
const SHORT_LIFE_MS = 10_000;
/** Replacements in a row that die before they are ready, after which the primary gives up. */
const MAX_FAILED_STARTS = 5;

/**
 * Fails the start when something already listens on the port. Workers that bind with reusePort would
 * otherwise join another server's sockets (say, a second `npm start` on the same port) and share its
 * traffic instead of failing.
 */
async function ensurePortFree() {
  const probe = net.createServer();
  await new Promise((resolve) => {
    probe.once("error", (error) => fail(error.code === "EADDRINUSE" ? `${hostname}:${port} is already in use.` : `cannot listen on ${hostname}:${port}: ${error.message}`));
    probe.listen(port, hostname, resolve);
  });
  await new Promise((resolve) => probe.close(resolve));
}

export async function supervise(count) {
  if (sharesPortInKernel) await ensurePortFree();
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

  cluster.on("message", (worker, message) => {
    const entry = state.get(worker);
    if (message?.type !== WORKER_READY || !entry) return;
    entry.ready = true;
    failedStarts = 0;
    if (announced) console.log(`> server process ${worker.process.pid} is ready`);
    else if ([...state.values()].every((e) => e.ready)) {
      announced = true;
      console.log(`> Ready on ${listenUrl} (Node ${process.versions.node}, ${count} processes, ${sharesPortInKernel ? "each listening on the port" : "the primary handing out connections"})`);
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
