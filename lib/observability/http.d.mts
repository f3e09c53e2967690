import type { IncomingMessage, ServerResponse } from "node:http";

export declare function trackRequest(req: IncomingMessage, res: ServerResponse, options: { trustsProxy: boolean; matchRoute: (path: string) => string | null }): string;
