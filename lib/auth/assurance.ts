import "server-only";
import { AppError } from "@/lib/errors";
import type { Principal } from "@/lib/auth/principal";
import { listSecondFactorMethods } from "@/lib/auth/mfa/verify";
import type { Assurance } from "@/lib/auth/sign-in/authentication";

// The only gate for "needs two factors" and "needs a recent second factor". A session's assurance is read
// from its row (Principal); the account's factors are read fresh when a gate is asked.

/** How long a second factor counts as recent for sensitive actions (a step-up renews it). */
export const STEP_UP_WINDOW_SECONDS = 600;

/** Whether the session proved two factors within the step-up window. */
export function hasRecentSecondFactor(assurance: Assurance, now = Date.now()): boolean {
  return assurance.aal === 2 && now - assurance.authTime.getTime() <= STEP_UP_WINDOW_SECONDS * 1000;
}

/**
 * For a sensitive action (a password or email change, a factor's removal, new recovery codes): an account
 * with a second factor must have proved it to this session within the last ten minutes; otherwise 403
 * `step_up_required` with the methods `POST /api/mfa/verify/` accepts. An account without one passes.
 */
export async function requireRecentSecondFactor(principal: Principal): Promise<void> {
  if (hasRecentSecondFactor(principal.assurance)) return;
  const methods = await listSecondFactorMethods(principal.user.id);
  if (methods.length > 0) throw new AppError("step_up_required", { extras: { methods } });
}
