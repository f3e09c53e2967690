import type { PGlite, PGliteOptions } from "@electric-sql/pglite";

export declare const PGLITE_OPTIONS: PGliteOptions;
export declare function openPglite(dataDir: string | null): Promise<PGlite>;
