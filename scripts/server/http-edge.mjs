// The HTTP edge: what every request goes through before Next sees it. It records the socket's address and
// protocol (Next itself only passes on X-Forwarded-*, which a client can forge), answers what no route can
// serve, and keeps Node's and Next's own failures in the house error shape.
import http from "node:http";
import { API_CONTENT_SECURITY_POLICY, COMMON_SECURITY_HEADERS } from "../../lib/http/common-headers.mjs";
import { FORWARDED_HEADERS, SOCKET_ADDRESS_HEADER, SOCKET_PROTOCOL_HEADER, SUPPORTED_METHODS, UNSUPPORTED_METHOD_HEADER } from "../../lib/http/server-headers.mjs";
import { trackRequest } from "../../lib/observability/http.mjs";
import { logServerError } from "../../lib/observability/log.mjs";

function sendJson(res, status, body, headers = {}) {
  res.writeHead(status, { ...COMMON_SECURITY_HEADERS, "content-security-policy": API_CONTENT_SECURITY_POLICY, "content-type": "application/json", "cache-control": "no-store", ...headers });
  res.end(JSON.stringify(body));
}

const methodNotAllowed = { detail: "Method not allowed.", code: "method_not_allowed" };

const isApiPath = (path) => path.startsWith("/api/") || path === "/api" || path.startsWith("/.well-known/");

/**
 * True when the path (not the query) decodes: every % starts a percent-encoded UTF-8 character. Next
 * decodes a dynamic route's parameters with decodeURIComponent and answers a plain-text 500 when that
 * throws; every path is checked here so none of them reaches it.
 */
function hasValidPath(target) {
  const query = target.indexOf("?");
  const path = query === -1 ? target : target.slice(0, query);
  if (!path.includes("%")) return true;
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

/** Nothing to load or run: the page is its text. */
const BAD_PATH_PAGE = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Bad request</title></head>
<body><main><h1>This address is not valid</h1><p>It holds a % sign that does not start an encoded character. Check the link, or go to the <a href="/">home page</a>.</p></main></body></html>
`;

/** A 400 for a path that does not decode: the JSON error shape on the API, a small page elsewhere. */
function answerBadPath(req, res) {
  if (isApiPath(req.url ?? "/")) {
    return sendJson(res, 400, { detail: "The request path is not valid: a % sign must start a percent-encoded character.", code: "invalid_request" });
  }
  res.writeHead(400, { ...COMMON_SECURITY_HEADERS, "content-security-policy": API_CONTENT_SECURITY_POLICY, "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
  res.end(BAD_PATH_PAGE);
}

const PAGE_METHODS = ["GET", "HEAD"];

/**
 * Answers methods a route cannot serve before Next sees them (true when answered). Pages (everything
 * outside the API) serve GET and HEAD only: anything else, a body included, is a 405 here and is never
 * read. Methods Next cannot dispatch at all (TRACE, PROPFIND, ...) reach the API's routes as an OPTIONS
 * request marked with the real method: each route knows its own Allow.
 */
function answerUnsupportedMethod(req, res) {
  const method = req.method ?? "";
  if (isApiPath(req.url ?? "/")) {
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

/**
 * The node:http server in front of Next's request handler `handle`. `matchRoute` names each request's
 * route for the log line and the metrics.
 */
export function createEdge({ handle, matchRoute, trustsProxy }) {
  const server = http.createServer((req, res) => {
    // An id, X-Request-Id, and one log line and the HTTP metrics when the response ends.
    const requestId = trackRequest(req, res, { trustsProxy, matchRoute });
    const address = req.socket.remoteAddress ?? "";
    req.headers[SOCKET_ADDRESS_HEADER] = address.startsWith("::ffff:") ? address.slice(7) : address;
    req.headers[SOCKET_PROTOCOL_HEADER] = req.socket.encrypted ? "https" : "http";
    delete req.headers[UNSUPPORTED_METHOD_HEADER];
    // Without a trusted proxy these are the client's own claims: Next would build request.url from them.
    if (!trustsProxy) for (const name of FORWARDED_HEADERS) delete req.headers[name];
    if (!hasValidPath(req.url ?? "/")) return answerBadPath(req, res);
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
  return server;
}
