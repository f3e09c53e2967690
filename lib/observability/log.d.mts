import type { Logger } from "pino";

export declare const REQUEST_ID_HEADER: "x-request-id";
export declare function chooseRequestId(incoming: unknown, trustsProxy: boolean): string;
export declare function prettyLine(entry: Record<string, unknown>): string;
export declare function getLogger(): Logger;
export declare function logRequest(line: Record<string, unknown>): void;
export declare function logServerError(error: unknown, requestId?: string | null, message?: string): void;
