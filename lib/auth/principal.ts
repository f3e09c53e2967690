import "server-only";
import { getRevocationView } from "@/lib/db/client";
import { findSessionWithUser } from "@/lib/db/sessions";
import { getEnv } from "@/lib/env";
import type { UserRecord } from "@/lib/db/users";
import { AppError } from "@/lib/errors";
import { verifyToken, type VerifiedToken } from "@/lib/auth/tokens";

export interface Principal {
  user: UserRecord;
  sessionId: string;
}

/**
 * A valid access token is necessary but not enough: the session must still be live (logout and reuse
 * detection revoke it) and the user active. Verification status is read fresh from the database.
 */
export async function authenticateAccessToken(token: string): Promise<Principal> {
  return loadPrincipal(await verifyToken(token, "access"));
}

async function loadPrincipal(claims: VerifiedToken): Promise<Principal> {
  const session = await findSessionWithUser(claims.sid);
  if (!session || session.revokedAt || session.user.id !== claims.sub || session.expiresAt.getTime() <= Date.now()) {
    throw new AppError("token_not_valid");
  }
  if (!session.user.isActive) throw new AppError("user_inactive");
  return { user: session.user, sessionId: claims.sid };
}

/** What a protected endpoint needs to know about its caller. */
export interface AccessGrant {
  userId: string;
  sessionId: string;
  isVerified: boolean;
}

/**
 * Authorises an access token for a protected endpoint. With ACCESS_TOKEN_CHECK=session (the default) an
 * ended session or a deactivated user is refused at once: a token that already says "verified" is judged
 * by the in-memory revocation view when it is in sync, everything else by the database. With `stateless`,
 * the signature and claims decide until `exp`.
 */
export async function authorizeAccessToken(token: string): Promise<AccessGrant> {
  const claims = await verifyToken(token, "access");
  if (getEnv().ACCESS_TOKEN_CHECK === "stateless") return { userId: claims.sub, sessionId: claims.sid, isVerified: claims.verified === true };
  if (claims.verified === true) {
    const standing = (await getRevocationView()).standingOf(claims.sid, claims.sub);
    if (standing === "revoked") throw new AppError("token_not_valid");
    if (standing === "inactive") throw new AppError("user_inactive");
    if (standing === "live") return { userId: claims.sub, sessionId: claims.sid, isVerified: true };
  }
  const principal = await loadPrincipal(claims);
  return { userId: principal.user.id, sessionId: principal.sessionId, isVerified: principal.user.isVerified };
}

export function requireVerified(principal: Principal): Principal {
  if (!principal.user.isVerified) throw new AppError("email_not_verified");
  return principal;
}
