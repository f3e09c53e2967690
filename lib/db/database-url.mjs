// Plain JavaScript: scripts/server.mjs reads it too, to start the embedded database's process.
import path from "node:path";

/** Unset means embedded PGlite under the data directory; `pglite:memory` keeps nothing on disk. */
export function parseDatabaseUrl(url, dataDir) {
  if (!url) return { kind: "pglite", dataDir: path.resolve(dataDir, "pglite") };
  if (/^postgres(ql)?:\/\//i.test(url)) return { kind: "postgres", url };
  if (url === "pglite:memory" || url === "memory://") return { kind: "pglite", dataDir: null };
  if (url.startsWith("pglite:")) return { kind: "pglite", dataDir: path.resolve(url.slice("pglite:".length)) };
  throw new Error(`DATABASE_URL must be postgres://..., pglite:<dir> or pglite:memory (got a value starting "${url.slice(0, 12)}")`);
}
