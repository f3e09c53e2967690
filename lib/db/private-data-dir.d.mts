export declare function ensurePrivateDataDir(dir: string, databaseName?: string): string | null;
