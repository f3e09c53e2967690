export declare function lockDataDir(dataDir: string, name?: "lock" | "open"): () => void;
export declare function lockOpenDataDir(dataDir: string, timeoutMs?: number): Promise<() => void>;
export declare function findDataDirOwner(dataDir: string): number | null;
