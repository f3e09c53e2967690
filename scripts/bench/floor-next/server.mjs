// Floor (b): the trivial Next app in this folder behind node:http, the way scripts/server.mjs serves the
// real app (one process, or node:cluster workers with WORKERS). Built by the bench into FLOOR_DIST_DIR.
import path from "node:path";
import { fileURLToPath } from "node:url";
import next from "next";
import { serve } from "../cluster.mjs";

const dir = path.dirname(fileURLToPath(import.meta.url));

await serve(async () => {
  const app = next({ dev: false, dir, hostname: "127.0.0.1", port: Number(process.env.PORT ?? 3398) });
  await app.prepare();
  const handle = app.getRequestHandler();
  return (req, res) => void handle(req, res);
});
