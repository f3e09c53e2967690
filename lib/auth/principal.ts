import "server-only";
import { getRevocationView } from "@/lib/db/client";
import { findSessionWithUser } from "@/lib/db/sessions";
import { getEnv } from "@/lib/env";
import type { UserRecord } from "@/lib/db/users";
import { AppError } from "@/lib/errors";
import type { Assurance, AssuranceLevel, AuthMethod } from "@/lib/auth/sign-in/authentication";
import { verifyToken, type VerifiedToken } from "@/lib/auth/tokens";

/** Who is calling: the user, read fresh, and the session with how it was authenticated. */
export interface Principal {
  user: UserRecord;
  sessionId: string;
  assurance: Assurance;
}

/**
 * A valid access token is necessary but not enough: the session must still be live (logout and reuse
 * detection revoke it) and the user active. Verification status and assurance are read fresh from the
 * database (a step-up raises the session's assurance in place).
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
  const assurance = { aal: session.aal as AssuranceLevel, amr: session.amr as AuthMethod[], authTime: session.authTime };
  return { user: session.user, sessionId: claims.sid, assurance };
}

/** What a protected endpoint needs to know about its caller. */
export interface AccessGrant {
  userId: string;
  sessionId: string;
  isVerified: boolean;
  assurance: Assurance;
}

/** The assurance a token states (tokens signed before sessions recorded it are password sessions). */
function assuranceOfClaims(claims: VerifiedToken): Assurance {
  const aal: AssuranceLevel = claims.aal === 2 ? 2 : 1;
  const amr = Array.isArray(claims.amr) ? (claims.amr as AuthMethod[]) : ["pwd" as const];
  return { aal, amr, authTime: new Date((typeof claims.auth_time === "number" ? claims.auth_time : claims.iat) * 1000) };
}

function grantOf(claims: VerifiedToken): AccessGrant {
  return { userId: claims.sub, sessionId: claims.sid, isVerified: claims.verified === true, assurance: assuranceOfClaims(claims) };
}

/**
 * Authorises an access token for a protected endpoint. With ACCESS_TOKEN_CHECK=session (the default) an
 * ended session or a deactivated user is refused at once: a token that already says "verified" is judged
 * by the in-memory revocation view when it is in sync, everything else by the database. With `stateless`,
 * the signature and claims decide until `exp`.
 */
export async function authorizeAccessToken(token: string): Promise<AccessGrant> {
  const claims = await verifyToken(token, "access");
  if (getEnv().ACCESS_TOKEN_CHECK === "stateless") return grantOf(claims);
  if (claims.verified === true) {
    const standing = (await getRevocationView()).standingOf(claims.sid, claims.sub);
    if (standing === "revoked") throw new AppError("token_not_valid");
    if (standing === "inactive") throw new AppError("user_inactive");
    if (standing === "live") return grantOf(claims);
  }
  const principal = await loadPrincipal(claims);
  return { userId: principal.user.id, sessionId: principal.sessionId, isVerified: principal.user.isVerified, assurance: principal.assurance };
}

export function requireVerified(principal: Principal): Principal {
  if (!principal.user.isVerified) throw new AppError("email_not_verified");
  return principal;
}
