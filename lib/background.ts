import "server-only";

const pending = new Set<Promise<unknown>>();
const failureListeners = new Set<(error: unknown) => void>();

/**
 * Runs work after the response (email deliveries, bookkeeping an unknown account has no row for), so
 * callers answer in the same time whether or not it happens. Failures are logged and passed to the
 * listeners of onBackgroundFailure, never thrown.
 */
export function runInBackground(task: () => Promise<unknown>): void {
  const run = task().catch((error: unknown) => {
    console.error("[background] task failed", error);
    for (const listener of failureListeners) listener(error);
  });
  pending.add(run);
  void run.finally(() => pending.delete(run));
}

/** Waits for background work to finish (graceful shutdown, tests). */
export async function settleBackground(): Promise<void> {
  while (pending.size > 0) await Promise.allSettled([...pending]);
}

/**
 * Calls `listener` with each background failure until the returned function is called: no one waits for
 * this work, so whoever must know that it failed (the tests fail on it) listens here.
 */
export function onBackgroundFailure(listener: (error: unknown) => void): () => void {
  failureListeners.add(listener);
  return () => failureListeners.delete(listener);
}
