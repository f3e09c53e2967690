import "server-only";
import { recordAuditEvent } from "@/lib/db/audit";
import { findSignInAccount } from "@/lib/db/sign-ins";
import { toEmailKey } from "@/lib/identifiers";
import { AppError } from "@/lib/errors";
import type { RequestMeta } from "@/lib/request-meta";
import type { LoginInput } from "@/lib/validation/auth";
import { issueDeviceToken, knownClientOf, readDeviceToken } from "@/lib/auth/devices";
import { admitAccountAttempt, admitLoginAddress, failuresClearedBySuccess } from "@/lib/auth/login-throttle";
import { hashPassword, needsRehash, verifyPassword } from "@/lib/auth/password";
import { trustedBrowserHashOf } from "@/lib/auth/trusted-browsers";
import { toSignInUser } from "@/lib/auth/sign-in/account";
import type { AuthMethod } from "@/lib/auth/sign-in/authentication";
import { completeSignIn, type SignInOutcome } from "@/lib/auth/sign-in/complete";

export interface PasswordSignIn {
  outcome: SignInOutcome;
  /** Once signed in: proves to later sign-ins that this client signed in to this account (its own budget of failures). */
  deviceToken: string | null;
  /** "Remember this browser" at the second step: the token that lets this browser skip it for 30 days. */
  trustedBrowserToken?: string | null;
}

/** What the client brings beside the credentials. */
export interface SignInClient {
  /** The device token a previous sign-in gave it (the pages' cookie, an API client's field). */
  deviceToken: string | null;
  /** The refresh token of the session it holds now (the pages' cookie): it ends when the new one opens. */
  replacesRefresh: string | null;
  /** The remembered-browser token an earlier second step gave it (the pages' cookie, an API client's field). */
  trustedBrowserToken?: string | null;
}

/**
 * The password, as the first factor. Unknown email, wrong password and inactive account give one answer,
 * and each runs exactly one argon2 verification, so neither the body nor the timing tells them apart. A
 * client holding a device token of this account is throttled on its own budget, everyone else on the
 * account's strangers' budget. A browser this account remembered at an earlier second step (unexpired, not
 * forgotten) skips the second step: the session says `rbrowser` and stays at aal 1. Database round trips
 * beside the hash, one after the other: the account (with its factors and the remembered browser) beside
 * the address's budget, the account's budget, and the completion's one statement
 * (tests/integration/sign-in-round-trips.test.ts counts them).
 */
export async function signInWithPassword(input: LoginInput, meta: RequestMeta, client: SignInClient): Promise<PasswordSignIn> {
  const emailKey = toEmailKey(input.email);
  const trustedBrowserHash = trustedBrowserHashOf(client.trustedBrowserToken);
  // The address's budget needs nothing of the account: asked beside its lookup, the account's budget after both.
  const [account, device] = await Promise.all([
    findSignInAccount({ email: input.email, trustedBrowserHash }),
    readDeviceToken(client.deviceToken),
    admitLoginAddress(meta.ip),
  ]);
  const knownClient = knownClientOf(device, account);
  await admitAccountAttempt(emailKey, knownClient);
  const isValid = await verifyPassword(account?.passwordHash ?? null, input.password);
  if (!account || !isValid || !account.isActive) {
    await recordAuditEvent("login_failed", meta, { userId: account?.id ?? null, detail: { reason: !account ? "unknown" : !isValid ? "password" : "inactive" } });
    throw new AppError("authentication_failed");
  }
  const upgradedHash = needsRehash(account.passwordHash) ? await hashPassword(input.password) : null;
  const user = toSignInUser(account);
  const trustedBrowser = user.secondFactors.length > 0 ? account.trustedBrowserId : null;
  const methods: AuthMethod[] = trustedBrowser ? ["pwd", "rbrowser"] : ["pwd"];
  const authentication = { user, methods, at: new Date() };
  const outcome = await completeSignIn(authentication, {
    meta,
    kind: "sign_in",
    event: "login_succeeded",
    upgradedHash,
    clearFailures: failuresClearedBySuccess(emailKey, knownClient),
    replacesRefresh: client.replacesRefresh,
    usesTrustedBrowser: trustedBrowser,
  });
  return { outcome, deviceToken: outcome.status === "signed_in" ? await issueDeviceToken(account) : null };
}
