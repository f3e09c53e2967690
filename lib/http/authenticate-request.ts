import "server-only";
import { authenticateAccessToken, authorizeAccessToken, type AccessGrant, type Principal } from "@/lib/auth/principal";
import { AppError, isCredentialRejected } from "@/lib/errors";
import { getBearerToken } from "@/lib/http/client-address";
import { readSessionCookies } from "@/lib/http/session-cookies";

/** The caller of an API route: a Bearer token, or the access cookie from our own pages; null if neither. */
export async function findPrincipal(request: Request): Promise<Principal | null> {
  const bearer = getBearerToken(request.headers);
  if (bearer) return authenticateAccessToken(bearer);
  const { access } = readSessionCookies(request);
  if (!access) return null;
  // A stale cookie is no credential at all: the request goes on as anonymous (the proxy renews
  // cookies for pages, and a code typed just after the access token expired must still verify).
  return authenticateAccessToken(access).catch((error: unknown) => {
    if (isCredentialRejected(error)) return null;
    throw error;
  });
}

export async function requirePrincipal(request: Request): Promise<Principal> {
  const principal = await findPrincipal(request);
  if (!principal) throw new AppError("not_authenticated");
  return principal;
}

/**
 * The verified caller of a protected endpoint, judged as cheaply as ACCESS_TOKEN_CHECK allows (see
 * authorizeAccessToken): 401 without a usable token, 403 when the email is not verified yet.
 */
export async function requireVerifiedAccess(request: Request): Promise<AccessGrant> {
  const bearer = getBearerToken(request.headers);
  const cookie = bearer ? null : readSessionCookies(request).access;
  const grant = bearer
    ? await authorizeAccessToken(bearer)
    : cookie
      ? await authorizeAccessToken(cookie).catch((error: unknown) => {
          if (isCredentialRejected(error)) return null;
          throw error;
        })
      : null;
  if (!grant) throw new AppError("not_authenticated");
  if (!grant.isVerified) throw new AppError("email_not_verified");
  return grant;
}
