// Plain JavaScript so scripts/server.mjs (HTTP metrics, the cluster's primary) and the app's bundled code
// (security events, GET /api/metrics) share one module and, per process, one registry.
import cluster from "node:cluster";
import client from "prom-client";

/** The process's metrics: one instance even when Next bundles this module into several chunks. */
const METRICS = Symbol.for("next-jwt-auth.metrics");
/** Set by scripts/server.mjs in the workers it forks: the primary answers the cluster-wide view. */
export const CLUSTER_METRICS_ENV = "AUTH_CLUSTER_METRICS";
const ASK = "next-jwt-auth:metrics-ask";
const ANSWER = "next-jwt-auth:metrics-answer";
const GATHER = "next-jwt-auth:metrics-gather";
const GATHERED = "next-jwt-auth:metrics-gathered";
/** How long the primary waits for the workers: a busy or hung one is left out rather than failing the scrape. */
const GATHER_TIMEOUT_MS = 2_000;
const ASK_TIMEOUT_MS = GATHER_TIMEOUT_MS + 3_000;

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

function create() {
  const registry = new client.Registry();
  const registers = [registry];
  client.collectDefaultMetrics({ register: registry });
  const metrics = {
    registry,
    processes: new client.Gauge({ name: "app_server_processes", help: "Server processes whose metrics this answer sums.", registers }),
    requests: new client.Counter({ name: "http_requests_total", help: "HTTP requests answered, by method, route pattern and status.", labelNames: ["method", "route", "status"], registers }),
    latency: new client.Histogram({ name: "http_request_duration_seconds", help: "Time from a request's arrival to the end of its response, by method, route pattern and status.", labelNames: ["method", "route", "status"], registers }),
    events: new client.Counter({ name: "auth_events_total", help: "Security events written to the audit log, by event name.", labelNames: ["event"], registers }),
    signIns: new client.Counter({ name: "auth_sign_ins_total", help: "Password sign-ins, by result (ok or failed).", labelNames: ["result"], registers }),
    rotations: new client.Counter({ name: "auth_refresh_rotations_total", help: "Refresh tokens exchanged for a new pair (replays inside the grace window excluded).", registers }),
    reuse: new client.Counter({ name: "auth_refresh_reuse_detected_total", help: "Used refresh tokens presented again after the grace window: the session was ended.", registers }),
    rateLimited: new client.Counter({ name: "auth_rate_limit_refusals_total", help: "Requests refused by a limit (429), by error code.", labelNames: ["code"], registers }),
    emailFailures: new client.Counter({ name: "auth_email_failures_total", help: "Emails the provider refused or did not accept in time.", registers }),
  };
  metrics.processes.set(1);
  if (cluster.isWorker && process.env[CLUSTER_METRICS_ENV] === "1") answerPrimary(registry);
  return metrics;
}

/** This process's registry and metrics. */
export function getMetrics() {
  return (globalThis[METRICS] ??= create());
}

/** One answered request: `route` is a pattern (bounded), never a raw path. */
export function observeRequest(method, route, status, seconds) {
  const labels = { method: METHODS.has(method) ? method : "OTHER", route, status: String(status) };
  const metrics = getMetrics();
  metrics.requests.inc(labels);
  metrics.latency.observe(labels, seconds);
}

/** The one hook of the audit writer: every security event counts, sign-ins and reuse also by themselves. */
export function countSecurityEvent(event) {
  const metrics = getMetrics();
  metrics.events.inc({ event });
  if (event === "login_succeeded") metrics.signIns.inc({ result: "ok" });
  else if (event === "login_failed") metrics.signIns.inc({ result: "failed" });
  else if (event === "refresh_token_reused") metrics.reuse.inc();
}

export function countRotation() {
  getMetrics().rotations.inc();
}

export function countRateLimited(code) {
  getMetrics().rateLimited.inc({ code });
}

export function countEmailFailure() {
  getMetrics().emailFailures.inc();
}

/** In a worker: the scrapes waiting for the primary's answer, by id (one message listener for all). */
const waiting = new Map();
let asked = 0;

/** Asks the cluster's primary for every worker's metrics, summed. */
function askPrimary() {
  if (asked === 0) process.on("message", (message) => message?.type === ANSWER && waiting.get(message.id)?.(message.text));
  const id = ++asked;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      waiting.delete(id);
      reject(new Error("cluster metrics: the primary did not answer in time"));
    }, ASK_TIMEOUT_MS);
    waiting.set(id, (text) => {
      clearTimeout(timer);
      waiting.delete(id);
      resolve(text);
    });
    process.send({ type: ASK, id });
  });
}

/**
 * The Prometheus text of every server process behind this port: in a cluster's worker the primary gathers
 * and sums all workers' registries; a lone process answers its own.
 */
export async function collectMetrics() {
  const { registry } = getMetrics();
  const text = cluster.isWorker && process.env[CLUSTER_METRICS_ENV] === "1" ? await askPrimary() : await registry.metrics();
  return { contentType: registry.contentType, text };
}

/** In a worker: hands this process's metrics to the primary when it gathers them. */
function answerPrimary(registry) {
  process.on("message", (message) => {
    if (message?.type !== GATHER) return;
    registry.getMetricsAsJSON().then((metrics) => process.send({ type: GATHERED, id: message.id, metrics }));
  });
}

/**
 * In the cluster's primary: answers a worker's GET /api/metrics with the sum of `readyWorkers()`' metrics.
 * A worker that does not answer within GATHER_TIMEOUT_MS is left out rather than failing the scrape.
 */
export function serveClusterMetrics(readyWorkers) {
  const gathering = new Map(); // gathering id -> takes one worker's metrics
  let gathered = 0;

  const gather = (workers) =>
    new Promise((resolve) => {
      const id = ++gathered;
      const answers = [];
      const finish = () => {
        clearTimeout(timer);
        gathering.delete(id);
        resolve(answers.length ? client.AggregatorRegistry.aggregate(answers).metrics() : "");
      };
      const timer = setTimeout(finish, GATHER_TIMEOUT_MS);
      gathering.set(id, (metrics) => {
        answers.push(metrics);
        if (answers.length === workers.length) finish();
      });
      for (const worker of workers) worker.send({ type: GATHER, id });
      if (workers.length === 0) finish();
    });

  cluster.on("message", (worker, message) => {
    if (message?.type === GATHERED) gathering.get(message.id)?.(message.metrics);
    if (message?.type !== ASK) return;
    gather(readyWorkers().filter((each) => each.isConnected())).then((text) => worker.isConnected() && worker.send({ type: ANSWER, id: message.id, text }));
  });
}
