import "server-only";
import { toEmailKey } from "@/lib/identifiers";
import { AppError } from "@/lib/errors";
import type { RequestMeta } from "@/lib/request-meta";
import { admitLoginAttempt, recordLoginSuccess, type KnownClient } from "@/lib/auth/login-throttle";
import type { Principal } from "@/lib/auth/principal";
import { verifyPassword } from "@/lib/auth/password";

/**
 * A signed-in user proves they still know the password before changing what signs them in: a stolen
 * session alone is not enough. Guessing is throttled like a login, with the session as the known client:
 * strangers failing at the sign-in cannot hold the owner up here, and a thief guessing through a stolen
 * session shuts out only that session. A wrong password is a field error.
 */
export async function confirmCurrentPassword(principal: Principal, password: string, meta: RequestMeta, field: string): Promise<void> {
  const { user } = principal;
  const emailKey = toEmailKey(user.email);
  const client: KnownClient = { kind: "session", id: principal.sessionId };
  await admitLoginAttempt(emailKey, meta.ip, client);
  if (!(await verifyPassword(user.passwordHash, password))) {
    throw new AppError("validation_error", { errors: { [field]: ["This is not your current password."] } });
  }
  await recordLoginSuccess(emailKey, client);
}
