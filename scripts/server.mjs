// The production server: Next's request handler behind node:http, so the app knows the real socket
// address of each client (Next itself only passes on X-Forwarded-For, which a client can forge).
import http from "node:http";
import next from "next";

const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOSTNAME_BIND ?? process.env.HOST ?? "0.0.0.0";
const SOCKET_ADDRESS_HEADER = "x-auth-socket-address";

// Tells the app (same process) that every request's socket-address header was written here.
process.env.AUTH_SOCKET_HEADER_TRUSTED = "1";

const app = next({ dev: false, dir: process.cwd(), hostname, port });
await app.prepare();
const handle = app.getRequestHandler();

const server = http.createServer((req, res) => {
  const address = req.socket.remoteAddress ?? "";
  req.headers[SOCKET_ADDRESS_HEADER] = address.startsWith("::ffff:") ? address.slice(7) : address;
  handle(req, res).catch((error) => {
    console.error("[server] unhandled", error);
    if (!res.headersSent) {
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ detail: "Something went wrong on our side. Try again later.", code: "server_error" }));
    }
  });
});
server.keepAliveTimeout = 65_000;
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
