import "server-only";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { Principal } from "@/lib/auth/principal";
import { listSecondFactorMethods, type SecondFactorMethod } from "@/lib/auth/mfa/verify";
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

/** Where a caller stands against "needs two factors": admitted, has no factor to prove, or must prove one. */
export type TwoFactorStanding = { status: "admitted" } | { status: "enrolment_required" } | { status: "step_up_required"; methods: SecondFactorMethod[] };

/**
 * Staff need two factors (unless ADMIN_REQUIRE_MFA=false): a second factor enrolled on the account now, and
 * a session that proved it (aal 2). A session that skipped the second step (a remembered browser) stays at
 * aal 1 and must step up; an aal-2 session whose account no longer has a factor (turned off, or removed by
 * an administrator) must enrol again. Read fresh: one indexed lookup (two when a step-up is due).
 */
export async function checkTwoFactors(principal: Principal): Promise<TwoFactorStanding> {
  if (!getEnv().ADMIN_REQUIRE_MFA) return { status: "admitted" };
  const methods = await listSecondFactorMethods(principal.user.id);
  if (methods.length === 0) return { status: "enrolment_required" };
  if (principal.assurance.aal < 2) return { status: "step_up_required", methods };
  return { status: "admitted" };
}

/** The API's form of checkTwoFactors: 403 `mfa_enrollment_required`, or 403 `step_up_required` with its methods. */
export async function requireTwoFactors(principal: Principal): Promise<void> {
  const standing = await checkTwoFactors(principal);
  if (standing.status === "enrolment_required") throw new AppError("mfa_enrollment_required");
  if (standing.status === "step_up_required") throw new AppError("step_up_required", { extras: { methods: standing.methods } });
}
