import "server-only";
import { recordAuditEvent } from "@/lib/db/audit";
import type { RequestMeta } from "@/lib/request-meta";
import { findUserByEmail } from "@/lib/db/users";
import { withTransaction } from "@/lib/db/transaction";
import { toEmailKey } from "@/lib/identifiers";
import { AppError } from "@/lib/errors";
import type { LoginInput } from "@/lib/validation/auth";
import { admitLoginAttempt, recordLoginSuccess } from "@/lib/auth/login-throttle";
import { hashPassword, needsRehash, verifyPassword } from "@/lib/auth/password";
import { rememberSignInDevice, sendSecurityEmail } from "@/lib/auth/security-emails";
import { openSession, signSession } from "@/lib/auth/session";
import type { TokenPair } from "@/lib/auth/tokens";

/**
 * Unknown email, wrong password and inactive account give one answer, and each runs exactly one
 * argon2 verification, so neither the body nor the timing tells them apart.
 */
export async function loginUser(input: LoginInput, meta: RequestMeta): Promise<TokenPair> {
  const emailKey = toEmailKey(input.email);
  await admitLoginAttempt(emailKey, meta.ip);
  const user = await findUserByEmail(input.email);
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
    return session;
  });
  if (!opened) {
    await recordAuditEvent("login_failed", meta, { userId: user.id, detail: { reason: "credentials_changed" } });
    throw new AppError("authentication_failed");
  }
  await recordLoginSuccess(emailKey);
  if (isNewDevice) sendSecurityEmail(user.id, { kind: "new_device" }, meta);
  const { access, refresh } = await signSession(opened);
  return { access, refresh };
}
