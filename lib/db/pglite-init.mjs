// Creates an embedded database directory (PGlite's initdb) and exits. Run as its own short-lived process:
// initdb raises a process's memory to about 800 MB and WebAssembly never gives it back, so the server
// only ever opens a directory that already exists.
//   node lib/db/pglite-init.mjs <data-dir>
import { PGlite } from "@electric-sql/pglite";

const dataDir = process.argv[2];
if (!dataDir) {
  console.error("usage: node lib/db/pglite-init.mjs <data-dir>");
  process.exit(2);
}
const db = await PGlite.create(dataDir);
await db.close();
process.exit(0);
