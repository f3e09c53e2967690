import "server-only";
import { flushExpired } from "@/lib/db/sessions";

const INTERVAL_MS = 10 * 60 * 1000;
let lastRun = 0;

/** Flushes expired rows at most every ten minutes per process, in the background of a login. */
export function flushExpiredOccasionally(): void {
  const now = Date.now();
  if (now - lastRun < INTERVAL_MS) return;
  lastRun = now;
  flushExpired().catch((error: unknown) => console.error("[housekeeping] flush failed", error));
}
