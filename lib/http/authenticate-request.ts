import "server-only";
import { authenticateAccessToken, authorizeAccessToken, type AccessGrant, type Principal } from "@/lib/auth/principal";
import { AppError, isCredentialRejected } from "@/lib/errors";
import { getBearerToken } from "@/lib/http/client-address";
import { readSessionCookies } from "@/lib/http/session-cookies";

/**
 * Judges the caller's access token with `check`: a Bearer token (its rejection is the answer), or the
 * access cookie from our own pages; null if neither. A stale cookie is no credential at all: the request
 * goes on as anonymous (the proxy renews cookies for pages, and a code typed just after the access token
 * expired must still verify).
 */
async function checkAccessToken<T>(request: Request, check: (token: string) => Promise<T>): Promise<T | null> {
  const bearer = getBearerToken(request.headers);
  if (bearer) return check(bearer);
  const { access } = readSessionCookies(request);
  if (!access) return null;
  return check(access).catch((error: unknown) => {
    if (isCredentialRejected(error)) return null;
    throw error;
  });
}

/** The caller of an API route, read fresh from the database; null without a usable token. */
export async function findPrincipal(request: Request): Promise<Principal | null> {
  return checkAccessToken(request, authenticateAccessToken);
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
  const grant = await checkAccessToken(request, authorizeAccessToken);
  if (!grant) throw new AppError("not_authenticated");
  if (!grant.isVerified) throw new AppError("email_not_verified");
  return grant;
}
