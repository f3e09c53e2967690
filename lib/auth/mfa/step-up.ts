import "server-only";
import { recordAuditEvent } from "@/lib/db/audit";
import { hasActiveSecondFactor } from "@/lib/db/second-factors";
import { withTransaction, type Tx } from "@/lib/db/transaction";
import { AppError } from "@/lib/errors";
import type { RequestMeta } from "@/lib/request-meta";
import { toSecondFactorProof, type StepUpInput } from "@/lib/validation/mfa";
import { checkStepUpPasskey } from "@/lib/auth/passkeys/step-up";
import type { Principal } from "@/lib/auth/principal";
import { renewPairInSession, signPair, type SuccessorClaims } from "@/lib/auth/session";
import { assuranceLevelOf, type AuthMethod } from "@/lib/auth/sign-in/authentication";
import type { TokenPair } from "@/lib/auth/tokens";
import { admitSecondFactorAttempt, countSecondFactorFailure, emailRecoveryCodeUse, recordRecoveryCodeUse } from "@/lib/auth/mfa/attempts";
import { verifySecondFactor } from "@/lib/auth/mfa/verify";

/** What a session proved before, less what a step-up replaces: a remembered browser and an earlier second factor. */
const REPLACED_BY_STEP_UP: ReadonlySet<AuthMethod> = new Set(["rbrowser", "otp", "rcode"]);

/**
 * The methods of a session once it proved `secondFactor` now: its first factor's (the password, or a
 * passkey's) and that second factor (a code, or a passkey's `hwk`/`swk` and `user`). A remembered browser
 * proves nothing once a factor has been proved, so it goes.
 */
export function steppedUpMethods(amr: readonly AuthMethod[], secondFactor: ProvedSecondFactor): AuthMethod[] {
  const proved = typeof secondFactor === "string" ? [secondFactor] : secondFactor;
  return [...new Set([...amr.filter((method) => !REPLACED_BY_STEP_UP.has(method)), ...proved])];
}

/** What a session proves when it proves a second factor now: a code from the app, a recovery code, or a passkey's methods. */
export type ProvedSecondFactor = "otp" | "rcode" | readonly AuthMethod[];

/**
 * Raises the caller's session in place once it proved `secondFactor` now: aal, amr (steppedUpMethods) and
 * auth_time, with a fresh pair of the same session planned in `tx` (sign it once `tx` commits). A step-up
 * calls it, and so does adding a factor with a proof of it (confirming the app with a current code), which
 * proves possession exactly as a step-up does. Thrown when the session ended meanwhile, so that `tx` rolls
 * back with the proof unspent.
 */
export async function raiseSessionInPlace(principal: Principal, secondFactor: ProvedSecondFactor, tx: Tx): Promise<{ claims: SuccessorClaims; amr: AuthMethod[] }> {
  const amr = steppedUpMethods(principal.assurance.amr, secondFactor);
  const claims = await renewPairInSession(principal.sessionId, principal.user, { raise: { aal: assuranceLevelOf(amr), amr, authTime: new Date() }, tx });
  if (!claims) throw new AppError("token_not_valid");
  return { claims, amr };
}

/**
 * Step-up (POST /api/mfa/verify/): the current session proves a second factor again. The proof is spent, the
 * session's aal, amr and auth_time raised in place and a fresh pair planned in one transaction (a session
 * ended meanwhile leaves the code unspent); the sensitive actions then pass lib/auth/assurance.ts for ten
 * minutes. Wrong proofs spend the account's daily second-factor budget, as at sign-in.
 */
export async function stepUpSession(principal: Principal, input: StepUpInput, meta: RequestMeta): Promise<TokenPair> {
  const { user, sessionId } = principal;
  if (!(await hasActiveSecondFactor(user.id))) throw new AppError("mfa_not_enabled");
  await admitSecondFactorAttempt(user.id);
  // A passkey is checked before the transaction (its challenge is taken and its counter moved on the plain client).
  const passkeyMethods = input.passkey ? await checkStepUpPasskey(principal, input.passkey, meta) : null;
  const stepped = await withTransaction(async (tx) => {
    const check = input.passkey ? passkeyMethods && { method: "passkey" as const } : await verifySecondFactor(user.id, toSecondFactorProof(input), tx);
    if (!check) return null;
    const secondFactor = check.method === "passkey" ? passkeyMethods! : check.method === "otp" ? "otp" : "rcode";
    const { claims, amr } = await raiseSessionInPlace(principal, secondFactor, tx);
    if (check.method !== "passkey") await recordRecoveryCodeUse(user.id, check, meta, sessionId, tx);
    await recordAuditEvent("mfa_step_up", meta, { userId: user.id, sessionId, detail: { method: check.method, amr } }, tx);
    return { claims, check };
  });
  if (!stepped) {
    const method = input.passkey ? "passkey" : input.code !== undefined ? "totp" : "recovery_code";
    await recordAuditEvent("mfa_failed", meta, { userId: user.id, sessionId, detail: { method, step: "step_up" } });
    const refusal = await countSecondFactorFailure(user.id);
    throw input.passkey && refusal.code === "mfa_code_invalid" ? new AppError("passkey_invalid") : refusal;
  }
  if (stepped.check.method !== "passkey") emailRecoveryCodeUse(user.id, stepped.check, meta);
  return signPair(stepped.claims);
}
