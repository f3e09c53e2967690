// The production server: Next's request handler behind node:http, so the app knows the real socket
// address and protocol of each client (Next itself only passes on X-Forwarded-*, which a client can forge).
import http from "node:http";
import next from "next";
import { API_CONTENT_SECURITY_POLICY, COMMON_SECURITY_HEADERS } from "../lib/http/common-headers.mjs";
import { FORWARDED_HEADERS, SOCKET_ADDRESS_HEADER, SOCKET_PROTOCOL_HEADER, SUPPORTED_METHODS, UNSUPPORTED_METHOD_HEADER } from "../lib/http/server-headers.mjs";

const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOSTNAME_BIND ?? process.env.HOST ?? "0.0.0.0";
const trustsProxy = Number(process.env.TRUST_PROXY ?? 0) > 0;

// Tells the app (same process) that every request's socket headers were written here.
process.env.AUTH_SOCKET_HEADER_TRUSTED = "1";

const app = next({ dev: false, dir: process.cwd(), hostname, port });
await app.prepare();
const handle = app.getRequestHandler();

function sendJson(res, status, body, headers = {}) {
  res.writeHead(status, { ...COMMON_SECURITY_HEADERS, "content-security-policy": API_CONTENT_SECURITY_POLICY, "content-type": "application/json", "cache-control": "no-store", ...headers });
  res.end(JSON.stringify(body));
}

const methodNotAllowed = { detail: "Method not allowed.", code: "method_not_allowed" };

/**
 * Methods Next cannot serve (TRACE, PROPFIND, ...) never reach it: the API's routes answer them as an
 * OPTIONS request marked with the real method (each route knows its own Allow), pages allow GET and HEAD.
 */
function routeUnsupportedMethod(req, res) {
  const path = req.url ?? "/";
  if (path.startsWith("/api/") || path.startsWith("/.well-known/")) {
    req.headers[UNSUPPORTED_METHOD_HEADER] = req.method;
    req.method = "OPTIONS";
    return false;
  }
  sendJson(res, 405, methodNotAllowed, { allow: "GET, HEAD" });
  return true;
}

const server = http.createServer((req, res) => {
  const address = req.socket.remoteAddress ?? "";
  req.headers[SOCKET_ADDRESS_HEADER] = address.startsWith("::ffff:") ? address.slice(7) : address;
  req.headers[SOCKET_PROTOCOL_HEADER] = req.socket.encrypted ? "https" : "http";
  delete req.headers[UNSUPPORTED_METHOD_HEADER];
  // Without a trusted proxy these are the client's own claims: Next would build request.url from them.
  if (!trustsProxy) for (const name of FORWARDED_HEADERS) delete req.headers[name];
  if (!SUPPORTED_METHODS.includes(req.method ?? "") && routeUnsupportedMethod(req, res)) return;
  handle(req, res).catch((error) => {
    console.error("[server] unhandled", error);
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
  console.log(`> Ready on http://${hostname === "0.0.0.0" ? "localhost" : hostname}:${port}`);
});

let closing = false;
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, () => {
    if (closing) return;
    closing = true;
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 5_000).unref();
  });
}
