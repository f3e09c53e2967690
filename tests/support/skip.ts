import type { TestOptions } from "vitest";

declare module "vitest" {
  interface TaskMeta {
    /** Why a skipped test cannot run here; scripts/test-summary.mjs counts a skip without one as failed in CI. */
    skipReason?: string;
  }
}

/**
 * Options for `describe`/`it` that skip it when `isSkipped`, with the reason recorded in the JSON report:
 * `describe("on PostgreSQL", skipUnless(Boolean(url), "needs PostgreSQL: TEST_DATABASE_URL is unset"), () => ...)`.
 */
export function skipUnless(isAvailable: boolean, reason: string): TestOptions {
  return { skip: !isAvailable, meta: { skipReason: reason } };
}
