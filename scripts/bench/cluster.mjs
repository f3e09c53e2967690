// Shared by the floor servers: one process (WORKERS=1) or a node:cluster primary with WORKERS workers,
// each calling `start()` to get a request listener. Round-robin scheduling, as the app's own server will use.
import cluster from "node:cluster";
import http from "node:http";

export async function serve(start) {
  const workers = Math.max(1, Number(process.env.WORKERS ?? 1));
  const port = Number(process.env.PORT ?? 3398);
  if (workers > 1 && cluster.isPrimary) {
    cluster.schedulingPolicy = cluster.SCHED_RR;
    let ready = 0;
    for (let i = 0; i < workers; i++) cluster.fork();
    cluster.on("message", (_worker, message) => {
      if (message === "ready" && ++ready === workers) console.log(`> Ready on http://127.0.0.1:${port} (${workers} workers)`);
    });
    cluster.on("exit", () => process.exit(1));
    for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => process.exit(0));
    return;
  }
  const server = http.createServer(await start());
  server.keepAliveTimeout = 65_000;
  server.listen(port, "127.0.0.1", () => {
    if (cluster.isWorker) process.send?.("ready");
    else console.log(`> Ready on http://127.0.0.1:${port}`);
  });
  for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => process.exit(0));
}

