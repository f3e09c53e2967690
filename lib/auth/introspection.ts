import "server-only";
import { decodeProtectedHeader } from "jose";
import { ACCESS_TOKEN_TYP, REFRESH_TOKEN_TYP } from "@/lib/auth/config";
import { verifyToken, type TokenType, type VerifiedToken } from "@/lib/auth/tokens";
import { findRefreshToken } from "@/lib/db/refresh-tokens";
import { findSessionWithUser } from "@/lib/db/sessions";
import { isCredentialRejected } from "@/lib/errors";

export type Introspection =
  | { active: false }
  | {
      active: true;
      token_type: TokenType;
      sub: string;
      sid: string;
      jti: string;
      iat: number;
      nbf: number;
      exp: number;
      iss: string;
      aud: string | string[];
      verified: boolean;
    };

const inactive: Introspection = { active: false };

function tokenTypeOf(token: string): TokenType | null {
  try {
    const { typ } = decodeProtectedHeader(token);
    return typ === ACCESS_TOKEN_TYP ? "access" : typ === REFRESH_TOKEN_TYP ? "refresh" : null;
  } catch {
    return null;
  }
}

const isLive = (session: { revokedAt: Date | null; expiresAt: Date }): boolean => !session.revokedAt && session.expiresAt.getTime() > Date.now();

/** Whether the session, user and (for a refresh token) the token's own row still stand, asked of the database. */
async function findStanding(claims: VerifiedToken): Promise<{ verified: boolean } | null> {
  if (claims.token_type === "access") {
    const session = await findSessionWithUser(claims.sid);
    if (!session || !isLive(session) || session.user.id !== claims.sub || !session.user.isActive) return null;
    return { verified: session.user.isVerified };
  }
  const row = await findRefreshToken(claims.jti);
  if (!row || row.usedAt || row.blacklistedAt || row.session.id !== claims.sid || !isLive(row.session)) return null;
  if (row.user.id !== claims.sub || !row.user.isActive) return null;
  return { verified: row.user.isVerified };
}

/**
 * RFC 7662 for our own tokens: active only when the signature, issuer, audience and lifetime check out and,
 * asked of the database now (never the stateless shortcut), the session is live, the user active and a
 * refresh token neither used nor blacklisted. Anything else is `{"active": false}`, with no reason given.
 */
export async function introspectToken(token: string): Promise<Introspection> {
  const type = tokenTypeOf(token);
  if (!type) return inactive;
  let claims: VerifiedToken;
  try {
    claims = await verifyToken(token, type);
  } catch (error) {
    if (isCredentialRejected(error)) return inactive;
    throw error;
  }
  const standing = await findStanding(claims);
  if (!standing) return inactive;
  const { sub, sid, jti, iat, nbf, exp, iss, aud } = claims;
  return { active: true, token_type: type, sub, sid, jti, iat, nbf, exp, iss, aud, verified: standing.verified };
}
