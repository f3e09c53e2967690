export type DatabaseTarget = { kind: "postgres"; url: string } | { kind: "pglite"; dataDir: string | null };

/** Unset means embedded PGlite under the data directory; `pglite:memory` keeps nothing on disk. */
export declare function parseDatabaseUrl(url: string | undefined, dataDir: string): DatabaseTarget;
