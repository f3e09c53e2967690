// What scripts/server.mjs does for every request: give it an id, and when its response ends, write one
// log line and count it. Per request: a UUID, a header, a listener, a map lookup, two counters, one line.
import { chooseRequestId, logRequest, REQUEST_ID_HEADER } from "./log.mjs";
import { observeRequest } from "./metrics.mjs";
import { pathOf } from "./routes.mjs";

/** The status a request gets in logs and metrics when the client left before any response (nginx's). */
const CLIENT_CLOSED = 499;
const MAX_LOGGED_PATH = 200;

/**
 * Tags the request with its id (for the app, and `X-Request-Id` on the response) and observes its end.
 * `matchRoute` maps a path to its pattern (routes.mjs); a path no route serves is counted as
 * "unmatched" and logged by its path (never its query).
 */
export function trackRequest(req, res, { trustsProxy, matchRoute }) {
  const started = process.hrtime.bigint();
  const method = req.method ?? "";
  // Read now: Next may rewrite req.url while it serves the request.
  const path = pathOf(req.url);
  const id = chooseRequestId(req.headers[REQUEST_ID_HEADER], trustsProxy);
  req.headers[REQUEST_ID_HEADER] = id;
  res.setHeader("X-Request-Id", id);
  res.once("close", () => {
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const route = matchRoute(path);
    const status = res.headersSent ? res.statusCode : CLIENT_CLOSED;
    const aborted = !res.writableFinished;
    observeRequest(method, route ?? "unmatched", status, ms / 1000);
    logRequest({
      req_id: id,
      method,
      ...(route ? { route } : { path: path.slice(0, MAX_LOGGED_PATH) }),
      status,
      ms: Math.round(ms * 10) / 10,
      ...(aborted ? { aborted } : {}),
    });
  });
  return id;
}
