import "server-only";
import { flushExpired } from "@/lib/db/cleanup";
import { getEnv } from "@/lib/env";

const INTERVAL_MS = 10 * 60 * 1000;
let lastRun = 0;

/**
 * Flushes expired rows at most every ten minutes per process, in the background of a login.
 * HOUSEKEEPING=off skips it: scripts/server.mjs sets that for all cluster workers but one.
 */
export function flushExpiredOccasionally(): void {
  if (getEnv().HOUSEKEEPING === "off") return;
  const now = Date.now();
  if (now - lastRun < INTERVAL_MS) return;
  lastRun = now;
  flushExpired().catch((error: unknown) => console.error("[housekeeping] flush failed", error));
}
