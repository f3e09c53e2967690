import "server-only";
import type { UserRecord } from "@/lib/db/users";
import { toEmailKey } from "@/lib/identifiers";
import { AppError } from "@/lib/errors";
import type { RequestMeta } from "@/lib/request-meta";
import { admitLoginAttempt, recordLoginSuccess } from "@/lib/auth/login-throttle";
import { verifyPassword } from "@/lib/auth/password";

/**
 * A signed-in user proves they still know the password before changing what signs them in: a stolen
 * session alone is not enough. Guessing is throttled like a login; a wrong password is a field error.
 */
export async function confirmCurrentPassword(user: UserRecord, password: string, meta: RequestMeta, field: string): Promise<void> {
  const emailKey = toEmailKey(user.email);
  await admitLoginAttempt(emailKey, meta.ip);
  if (!(await verifyPassword(user.passwordHash, password))) {
    throw new AppError("validation_error", { errors: { [field]: ["This is not your current password."] } });
  }
  await recordLoginSuccess(emailKey);
}
