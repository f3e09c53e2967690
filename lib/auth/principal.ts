import "server-only";
import { findSessionWithUser } from "@/lib/db/sessions";
import type { UserRecord } from "@/lib/db/users";
import { AppError } from "@/lib/errors";
import { verifyToken } from "@/lib/auth/tokens";

export interface Principal {
  user: UserRecord;
  sessionId: string;
}

/**
 * A valid access token is necessary but not enough: the session must still be live (logout and reuse
 * detection revoke it) and the user active. Verification status is read fresh from the database.
 */
export async function authenticateAccessToken(token: string): Promise<Principal> {
  const claims = await verifyToken(token, "access");
  const session = await findSessionWithUser(claims.sid);
  if (!session || session.revokedAt || session.user.id !== claims.sub || session.expiresAt.getTime() <= Date.now()) {
    throw new AppError("token_not_valid");
  }
  if (!session.user.isActive) throw new AppError("user_inactive");
  return { user: session.user, sessionId: claims.sid };
}

export function requireVerified(principal: Principal): Principal {
  if (!principal.user.isVerified) throw new AppError("email_not_verified");
  return principal;
}
