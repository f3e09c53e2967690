import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { recordAuditEvent, type AuditEventName } from "@/lib/db/audit";
import { recordSignIn } from "@/lib/db/sign-ins";
import type { NewTrustedBrowser } from "@/lib/db/trusted-browsers";
import type { Tx } from "@/lib/db/transaction";
import { AppError } from "@/lib/errors";
import { countSecurityEvent } from "@/lib/observability/metrics.mjs";
import type { RequestMeta } from "@/lib/request-meta";
import { sendSecurityEmail } from "@/lib/auth/security-emails";
import { deviceHashOf } from "@/lib/auth/devices";
import { planReplacedSession, planSession, signSession } from "@/lib/auth/session";
import { startSecondStep } from "@/lib/auth/sign-in/mfa-token";
import { assuranceOf, needsSecondFactor, type Authentication, type SecondFactorMethod } from "@/lib/auth/sign-in/authentication";
import type { TokenPair } from "@/lib/auth/tokens";

/** How the completion treats the sign-in beside the session it opens. */
export interface Completion {
  meta: RequestMeta;
  /** `sign_in`: records last_login and announces a new device by email; `registration`: neither. */
  kind: "sign_in" | "registration";
  /** The audit row the sign-in writes (the first administrator's creation has written its own: null). */
  event: AuditEventName | null;
  /** The passkey that signed in: its id in the audit row, its name in the new-device email. */
  passkey?: { id: string; name: string };
  /** A sign-in may store the password's upgraded hash (at once when a second step follows: see startSecondStep). */
  upgradedHash?: string | null;
  /** The sign-in failures its success forgets (lib/auth/login-throttle.ts failuresClearedBySuccess). */
  clearFailures?: { accountKey: string; client: string } | null;
  /** The refresh token of the session this browser held before: it ends once the new one is open. */
  replacesRefresh?: string | null;
  /** The second step this sign-in completes (its mfa_challenges row): spent in the statement that opens the session. */
  spendsMfaChallenge?: string;
  /** The remembered browser (trusted_browsers.id) whose token let this sign-in skip the second step. */
  usesTrustedBrowser?: string | null;
  /** "Remember this browser" at the second step: stored in the statement that opens the session. */
  trustsBrowser?: NewTrustedBrowser | null;
  /** The caller's transaction (a registration creates the account in it); the tokens are signed inside. */
  tx?: Tx;
}

export type SignInOutcome =
  | { status: "signed_in"; pair: TokenPair; sessionId: string }
  /** The first factor was right; `mfaToken` opens the second step (POST /api/login/mfa/). */
  | { status: "second_factor_required"; mfaToken: string; methods: SecondFactorMethod[] };

/**
 * Every sign-in ends here, whatever proved the identity: this alone decides from the `Authentication`
 * whether it is complete or must still prove a second factor, and it alone opens sessions for sign-ins. The
 * session records how it was authenticated (aal, amr, auth_time) and its tokens carry that. One database
 * round trip: see recordSignIn. The credentials may have changed (or the account been deactivated) while
 * they were checked: then the sign-in fails as a wrong password would.
 */
export async function completeSignIn(authentication: Authentication, completion: Completion): Promise<SignInOutcome> {
  const { user } = authentication;
  if (needsSecondFactor(authentication)) {
    const mfaToken = await startSecondStep(authentication, completion.clearFailures ?? null, completion.upgradedHash ?? null);
    return { status: "second_factor_required", mfaToken, methods: user.secondFactors };
  }
  const { meta } = completion;
  const planned = planSession(user, assuranceOf(authentication));
  const { aal, amr, authTime } = planned.assurance;
  const detail: Prisma.InputJsonValue = {
    aal,
    amr,
    ...(completion.trustsBrowser ? { rememberedBrowser: true } : {}),
    ...(completion.passkey ? { passkeyId: completion.passkey.id } : {}),
  };
  // A browser signing in again gives up the session it held: one browser, one live session.
  const endsSession = await planReplacedSession(completion.replacesRefresh);
  const { isCreated, isNewDevice } = await recordSignIn(
    {
      user,
      session: { id: planned.sessionId, expiresAt: planned.expiresAt, ip: meta.ip, userAgent: meta.userAgent, aal, amr, authTime },
      token: planned.row,
      ...(completion.kind === "sign_in" ? { signIn: { upgradedHash: completion.upgradedHash ?? null } } : {}),
      audit: { event: completion.event, detail },
      deviceHash: deviceHashOf(meta),
      clearFailures: completion.clearFailures ?? null,
      spendsMfaChallenge: completion.spendsMfaChallenge ?? null,
      usesTrustedBrowser: completion.usesTrustedBrowser ?? null,
      trustsBrowser: completion.trustsBrowser ?? null,
      endsSession,
    },
    completion.tx,
  );
  if (!isCreated) {
    // A second step spent by a concurrent request (or whose credentials changed) is over: sign in again.
    if (completion.spendsMfaChallenge) throw new AppError("mfa_token_invalid");
    if (completion.kind === "sign_in") await recordAuditEvent("login_failed", meta, { userId: user.id, detail: { reason: "credentials_changed" } });
    throw new AppError("authentication_failed");
  }
  if (completion.event) countSecurityEvent(completion.event);
  if (completion.kind === "sign_in" && isNewDevice) sendSecurityEmail(user.id, { kind: "new_device", methods: amr, passkeyName: completion.passkey?.name ?? null }, meta);
  const { sessionId, ...pair } = await signSession(planned);
  return { status: "signed_in", pair, sessionId };
}
