import type { Counter, Gauge, Histogram, Registry } from "prom-client";

export declare const CLUSTER_METRICS_ENV: "AUTH_CLUSTER_METRICS";
export declare function getMetrics(): {
  registry: Registry;
  processes: Gauge;
  requests: Counter<"method" | "route" | "status">;
  latency: Histogram<"method" | "route" | "status">;
  events: Counter<"event">;
  signIns: Counter<"result">;
  rotations: Counter;
  reuse: Counter;
  rateLimited: Counter<"code">;
  emailFailures: Counter;
};
export declare function observeRequest(method: string, route: string, status: number, seconds: number): void;
export declare function countSecurityEvent(event: string): void;
export declare function countRotation(): void;
export declare function countRateLimited(code: string): void;
export declare function countEmailFailure(): void;
export declare function collectMetrics(): Promise<{ contentType: string; text: string }>;
export declare function serveClusterMetrics(readyWorkers: () => import("node:cluster").Worker[]): void;
