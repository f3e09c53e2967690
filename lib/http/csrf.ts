import "server-only";
import { AppError } from "@/lib/errors";
import { getBearerToken } from "@/lib/http/client-address";
import { readSessionCookies, wantsCookies } from "@/lib/http/session-cookies";

const SAFE_METHODS = new Set(["HEAD", "OPTIONS"]);

/**
 * Whether the browser's cookies speak for this request: our pages' cookie transport, or our session
 * cookies without a bearer token (a cross-site page cannot set an Authorization header).
 */
export function carriesCookieCredentials(request: Request): boolean {
  if (getBearerToken(request.headers)) return false;
  if (wantsCookies(request)) return true;
  if (!request.headers.has("cookie")) return false;
  const { access, refresh } = readSessionCookies(request);
  return access !== null || refresh !== null;
}

/**
 * Cookie-authenticated state changes must come from our own pages: the browser's Sec-Fetch-Site, or
 * failing that the Origin header, has to say same-origin.
 */
export function assertSameOrigin(request: Request): void {
  const site = request.headers.get("sec-fetch-site");
  if (site) {
    if (site === "same-origin" || site === "none") return;
    throw new AppError("csrf_failed");
  }
  const origin = request.headers.get("origin");
  const host = request.headers.get("host") ?? new URL(request.url).host;
  if (origin && origin !== "null" && URL.canParse(origin) && new URL(origin).host === host) return;
  throw new AppError("csrf_failed");
}

/**
 * The one CSRF rule, applied by handle() to every API request: whatever rides on the browser's cookies
 * must come from our own pages. Routes that read no credential (the JWKS) opt out.
 */
export function enforceSameOriginForCookies(request: Request): void {
  if (!SAFE_METHODS.has(request.method) && carriesCookieCredentials(request)) assertSameOrigin(request);
}
