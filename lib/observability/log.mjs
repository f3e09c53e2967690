// Plain JavaScript so scripts/server.mjs (one line per request) and the app's bundled code (server errors)
// write through one logger per process. Lines hold only what is passed here: never headers or bodies.
import { randomUUID } from "node:crypto";
import pino from "pino";

const LOGGER = Symbol.for("next-jwt-auth.logger");

/** Carries the request id from scripts/server.mjs to the app, and back to the client. */
export const REQUEST_ID_HEADER = "x-request-id";

/** An id a trusted proxy may hand us: short, printable, nothing that could break a log line. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:=+/-]{1,128}$/;

/** The request's id: the proxy's when it is trusted and sane, else a new UUID. */
export function chooseRequestId(incoming, trustsProxy) {
  return trustsProxy && typeof incoming === "string" && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

const clock = (iso) => (typeof iso === "string" ? iso.slice(11, 23) : "");

/** LOG_FORMAT=pretty: one short line per request, errors with their stack, for a terminal. */
export function prettyLine(entry) {
  if (entry.msg === "request") {
    const where = entry.route ?? entry.path;
    return `${clock(entry.time)} ${entry.method} ${where} ${entry.status} ${entry.ms} ms${entry.aborted ? " (aborted)" : ""} req=${entry.req_id} pid=${entry.pid}\n`;
  }
  const error = entry.err?.stack ?? entry.err?.message ?? "";
  const request = entry.req_id ? ` req=${entry.req_id}` : "";
  return `${clock(entry.time)} [${entry.msg}]${request} pid=${entry.pid}${error ? ` ${error}` : ""}\n`;
}

function prettyDestination() {
  return {
    write(line) {
      const entry = JSON.parse(line);
      (entry.level === "error" || entry.level === "fatal" ? process.stderr : process.stdout).write(prettyLine(entry));
    },
  };
}

function create() {
  const options = {
    level: process.env.LOG_LEVEL || "info",
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  };
  // pino's own destination: one write(2) of a ready line on stdout, as console.log does on a pipe.
  return pino(options, process.env.LOG_FORMAT === "pretty" ? prettyDestination() : pino.destination({ dest: 1, sync: true }));
}

/** This process's logger (LOG_FORMAT json, the default, or pretty; LOG_LEVEL). */
export function getLogger() {
  return (globalThis[LOGGER] ??= create());
}

/** The one line of an answered request. `route` is the pattern; `path` only for requests no route matched. */
export function logRequest(line) {
  getLogger().info(line, "request");
}

/** An unexpected failure behind a 500: the cause and the request it failed, for the operator only. */
export function logServerError(error, requestId, message = "server_error") {
  getLogger().error({ req_id: requestId ?? undefined, err: error }, message);
}
