import "server-only";
import { getEnv } from "@/lib/env";
import { carriesCookieCredentials } from "@/lib/http/csrf";

/** What a browser app on an allowed origin may send: a Bearer token and a JSON body, never our cookie transport. */
const ALLOWED_REQUEST_HEADERS = "Authorization, Content-Type";
/** Response headers such an app may read besides the simple ones. */
const EXPOSED_HEADERS = "Retry-After, X-Request-Id";
const PREFLIGHT_MAX_AGE_SECONDS = "600";

/** The request's Origin when it is on the CORS_ORIGINS allow-list, else null. */
function allowedOrigin(request: Request): string | null {
  const origin = request.headers.get("origin");
  return origin && getEnv().CORS_ORIGINS.includes(origin) ? origin : null;
}

/** Answers served to several origins must not be cached as one: refusals included, every answer varies. */
export function varyOnOrigin(headers: Headers): void {
  if (getEnv().CORS_ORIGINS.length === 0) return;
  const vary = headers.get("Vary");
  if (!vary?.split(",").some((name) => name.trim().toLowerCase() === "origin")) headers.set("Vary", vary ? `${vary}, Origin` : "Origin");
}

/**
 * A preflight (OPTIONS with Access-Control-Request-Method) from an allowed origin: 204 allowing the route's
 * methods with a Bearer token. Null for anything else, which gets the plain OPTIONS answer and so no
 * permission. Credentials (cookies) are never allowed across origins.
 */
export function answerPreflight(request: Request, methods: string[]): Response | null {
  const origin = allowedOrigin(request);
  if (!origin || !request.headers.has("access-control-request-method")) return null;
  const headers = new Headers({
    Allow: methods.join(", "),
    "Access-Control-Allow-Origin": origin,
    "Access-Control-Allow-Methods": methods.join(", "),
    "Access-Control-Allow-Headers": ALLOWED_REQUEST_HEADERS,
    "Access-Control-Max-Age": PREFLIGHT_MAX_AGE_SECONDS,
  });
  varyOnOrigin(headers);
  return new Response(null, { status: 204, headers });
}

/**
 * Lets a browser app on an allowed origin read the answer to a request that does not ride on our cookies
 * (a Bearer token, or none, as for login). Cookie requests stay same-origin: no Allow-Credentials, ever.
 */
export function applyCorsHeaders(request: Request, response: Response): void {
  varyOnOrigin(response.headers);
  const origin = allowedOrigin(request);
  if (!origin || carriesCookieCredentials(request)) return;
  response.headers.set("Access-Control-Allow-Origin", origin);
  response.headers.set("Access-Control-Expose-Headers", EXPOSED_HEADERS);
}
