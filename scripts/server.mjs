// The production server (npm start): Next's request handler behind node:http (server/http-edge.mjs).
//
// On PostgreSQL it runs WEB_CONCURRENCY processes (default: one per core) with node:cluster: a primary
// that keeps the workers alive (server/supervise.mjs), and workers that each run Next (server/serve.mjs)
// and, on Linux, listen on the port themselves.
// On the embedded database it is always one process beside the database's own
// (server/embedded-database.mjs), since a single process must own the data directory.
import "./require-runtime.mjs";
// First: it loads .env files, as Next reads them, before anything decides from the environment.
import { processCount } from "./server/settings.mjs";
import cluster from "node:cluster";
import { startEmbeddedDatabase } from "./server/embedded-database.mjs";
import { serve } from "./server/serve.mjs";
import { supervise } from "./server/supervise.mjs";
import { appUrlOf, passkeysOffReason } from "../lib/server/app-url.mjs";

if (cluster.isWorker) await serve();
else {
  // Said once, by the process that starts the others.
  const passkeysOff = passkeysOffReason(appUrlOf(process.env));
  if (passkeysOff) console.log(`> Passkeys are off: ${passkeysOff}.`);
  const count = processCount();
  if (count === 1) {
    await startEmbeddedDatabase();
    await serve();
  } else await supervise(count);
}
