import "server-only";

const pending = new Set<Promise<unknown>>();

/**
 * Runs work after the response (email deliveries, bookkeeping an unknown account has no row for), so
 * callers answer in the same time whether or not it happens. Failures are logged, never thrown.
 */
export function runInBackground(task: () => Promise<unknown>): void {
  const run = task().catch((error: unknown) => console.error("[background] task failed", error));
  pending.add(run);
  void run.finally(() => pending.delete(run));
}

/** Waits for background work to finish (graceful shutdown, tests). */
export async function settleBackground(): Promise<void> {
  while (pending.size > 0) await Promise.allSettled([...pending]);
}
