import "server-only";
import { recordAuditEvent } from "@/lib/db/audit";
import { countMfaChallengeFailure, findLiveMfaChallenge } from "@/lib/db/mfa-challenges";
import { findSignInAccount } from "@/lib/db/sign-ins";
import { AppError } from "@/lib/errors";
import type { RequestMeta } from "@/lib/request-meta";
import { toSecondFactorProof, type MfaLoginInput } from "@/lib/validation/mfa";
import { issueDeviceToken } from "@/lib/auth/devices";
import { admitSecondFactorAttempt, countSecondFactorFailure, emailRecoveryCodeUse, recordRecoveryCodeUse, verifySecondFactor } from "@/lib/auth/mfa";
import { checkSecondStepPasskey } from "@/lib/auth/passkeys/sign-in";
import { toSignInUser } from "@/lib/auth/sign-in/account";
import type { AuthMethod } from "@/lib/auth/sign-in/authentication";
import { completeSignIn } from "@/lib/auth/sign-in/complete";
import { hashMfaToken, MFA_TOKEN_MAX_ATTEMPTS } from "@/lib/auth/sign-in/mfa-token";
import type { PasswordSignIn, SignInClient } from "@/lib/auth/sign-in/password";
import { planTrustedBrowser } from "@/lib/auth/trusted-browsers";

/**
 * The second step of a sign-in: the `mfa_token` of the first step and a second factor (an authenticator
 * code, a recovery code, or a passkey's assertion for this step's challenge: a refused one counts as a
 * wrong code). A token is good for five minutes, one sign-in and five wrong codes; the account's
 * daily budget of wrong second factors (shared with setup, removal and step-up) caps guessing across tokens.
 * Spent, capped, expired and unknown tokens get one answer, and so does an account whose password changed
 * or that was deactivated since the first step. With `remember_browser`, the browser is remembered for 30
 * days (its token answered beside the pair).
 */
export async function signInWithSecondFactor(input: MfaLoginInput, meta: RequestMeta, client: SignInClient): Promise<PasswordSignIn> {
  const challenge = await findLiveMfaChallenge(hashMfaToken(input.mfa_token));
  const account = challenge ? await findSignInAccount({ id: challenge.userId }) : null;
  if (!challenge || !account?.isActive || account.credentialsVersion !== challenge.credentialsVersion) throw new AppError("mfa_token_invalid");
  await admitSecondFactorAttempt(account.id);
  const proof = input.passkey ? null : toSecondFactorProof(input);
  const passkey = input.passkey ? await checkSecondStepPasskey(challenge, input.passkey, meta) : null;
  const check = proof ? await verifySecondFactor(account.id, proof) : passkey && { method: "passkey" as const };
  if (!check) {
    const attempts = await countMfaChallengeFailure(challenge.id, MFA_TOKEN_MAX_ATTEMPTS);
    // Spent meanwhile or expired: the token is over, and nothing was guessed with it. A concurrent request
    // completed this sign-in (a double-submitted right code, refused here as a replay): neither a warning
    // in the account's events nor a wrong code against its daily budget.
    if (attempts === null) throw new AppError("mfa_token_invalid");
    const method = !proof ? "passkey" : "code" in proof ? "totp" : "recovery_code";
    await recordAuditEvent("mfa_failed", meta, { userId: account.id, detail: { method, step: "sign_in" } });
    const refusal = await countSecondFactorFailure(account.id);
    if (refusal.code === "otp_locked") throw refusal;
    if (attempts >= MFA_TOKEN_MAX_ATTEMPTS) throw new AppError("mfa_attempts_exhausted", { retryAfterSeconds: 1 });
    throw proof ? refusal : new AppError("passkey_invalid");
  }
  const secondFactor: AuthMethod[] = passkey ? [...passkey.methods] : [check.method === "otp" ? "otp" : "rcode"];
  const authentication = { user: toSignInUser(account), methods: [...(challenge.methods as AuthMethod[]), ...secondFactor], at: new Date() };
  // "Remember this browser": stored with the session, in the statement that opens it.
  const trusted = input.remember_browser === true ? planTrustedBrowser(meta) : null;
  const outcome = await completeSignIn(authentication, {
    meta,
    kind: "sign_in",
    event: "login_succeeded",
    spendsMfaChallenge: challenge.id,
    ...(passkey ? { passkey: passkey.passkey } : {}),
    replacesRefresh: client.replacesRefresh,
    trustsBrowser: trusted?.row ?? null,
  });
  if (outcome.status !== "signed_in") throw new AppError("mfa_token_invalid");
  if (check.method !== "passkey") {
    await recordRecoveryCodeUse(account.id, check, meta, outcome.sessionId);
    emailRecoveryCodeUse(account.id, check, meta);
  }
  return { outcome, deviceToken: await issueDeviceToken(account), trustedBrowserToken: trusted?.token ?? null };
}
