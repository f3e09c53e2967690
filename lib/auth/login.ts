import "server-only";
import { recordAuditEvent } from "@/lib/db/audit";
import type { RequestMeta } from "@/lib/request-meta";
import { findUserByEmail } from "@/lib/db/users";
import { withTransaction } from "@/lib/db/transaction";
import { toEmailKey } from "@/lib/identifiers";
import { AppError } from "@/lib/errors";
import type { LoginInput } from "@/lib/validation/auth";
import { issueDeviceToken, knownClientOf, readDeviceToken, rememberSignInDevice } from "@/lib/auth/devices";
import { admitLoginAttempt, recordLoginSuccess } from "@/lib/auth/login-throttle";
import { hashPassword, needsRehash, verifyPassword } from "@/lib/auth/password";
import { sendSecurityEmail } from "@/lib/auth/security-emails";
import { openSession, signSession } from "@/lib/auth/session";
import type { TokenPair } from "@/lib/auth/tokens";

export interface SignIn {
  pair: TokenPair;
  /** Proves to later sign-ins that this client signed in to this account (its own budget of failures). */
  deviceToken: string;
}

/**
 * Unknown email, wrong password and inactive account give one answer, and each runs exactly one
 * argon2 verification, so neither the body nor the timing tells them apart. A client holding a device
 * token of this account is throttled on its own budget, everyone else on the account's strangers' budget.
 */
export async function loginUser(input: LoginInput, meta: RequestMeta, deviceToken: string | null = null): Promise<SignIn> {
  const emailKey = toEmailKey(input.email);
  const [user, device] = await Promise.all([findUserByEmail(input.email), readDeviceToken(deviceToken)]);
  const client = knownClientOf(device, user);
  await admitLoginAttempt(emailKey, meta.ip, client);
  const isValid = await verifyPassword(user?.passwordHash ?? null, input.password);
  if (!user || !isValid || !user.isActive) {
    await recordAuditEvent("login_failed", meta, { userId: user?.id ?? null, detail: { reason: !user ? "unknown" : !isValid ? "password" : "inactive" } });
    throw new AppError("authentication_failed");
  }
  const upgradedHash = needsRehash(user.passwordHash) ? await hashPassword(input.password) : null;
  // The password just checked may have been changed (or the account deactivated) since it was read:
  // the session is created only against the credentials as they are now.
  let isNewDevice = false;
  const opened = await withTransaction(async (tx) => {
    const session = await openSession(user, meta, { signIn: { upgradedHash }, tx });
    if (!session) return null;
    await recordAuditEvent("login_succeeded", meta, { userId: user.id, sessionId: session.sessionId }, tx);
    isNewDevice = await rememberSignInDevice(user.id, meta, tx);
    await recordLoginSuccess(emailKey, client, tx);
    return session;
  });
  if (!opened) {
    await recordAuditEvent("login_failed", meta, { userId: user.id, detail: { reason: "credentials_changed" } });
    throw new AppError("authentication_failed");
  }
  if (isNewDevice) sendSecurityEmail(user.id, { kind: "new_device" }, meta);
  const [{ access, refresh }, issued] = await Promise.all([signSession(opened), issueDeviceToken(user)]);
  return { pair: { access, refresh }, deviceToken: issued };
}
