import { NextResponse, type NextRequest } from "next/server";
import { getCookieNames, SECURE_REQUEST_HEADER } from "@/lib/auth/config";
import { findSessionEndNotice, rotateRefreshToken, SESSION_ENDED_PARAM } from "@/lib/auth/session";
import { verifyToken } from "@/lib/auth/tokens";
import { isCredentialRejected } from "@/lib/errors";
import { getRequestMeta, isHttpsRequest } from "@/lib/http/client-address";
import { applyCommonSecurityHeaders, buildContentSecurityPolicy } from "@/lib/http/security-headers";
import { clearSessionCookies, readSessionCookies, writeSessionCookies } from "@/lib/http/session-cookies";

const PROTECTED_PREFIXES = ["/dashboard", "/admin"];

/** Next's router marks its prefetches (visible here because next.config.js sets skipProxyUrlNormalize). */
function isPrefetch(request: NextRequest): boolean {
  return (
    request.headers.has("next-router-prefetch") ||
    request.headers.get("purpose") === "prefetch" ||
    request.headers.get("sec-purpose")?.includes("prefetch") === true
  );
}

/** The query the user asked for: without the `_rsc` cache-busting parameter Next's router adds to its fetches. */
function pageSearch(url: URL): string {
  if (!url.searchParams.has("_rsc")) return url.search;
  const page = new URL(url);
  page.searchParams.delete("_rsc");
  return page.search;
}

type SessionState = { kind: "valid" } | { kind: "rotated"; pair: { access: string; refresh?: string } } | { kind: "invalid" } | { kind: "none" };

/** Fast path: a valid access cookie passes on its signature; else a refresh cookie is rotated once. */
async function resolveSession(request: NextRequest): Promise<SessionState> {
  const { access, refresh } = readSessionCookies(request);
  if (access && (await verifyToken(access, "access").then(() => true, () => false))) return { kind: "valid" };
  if (!refresh) return access ? { kind: "invalid" } : { kind: "none" };
  if (isPrefetch(request)) return { kind: "none" };
  try {
    return { kind: "rotated", pair: await rotateRefreshToken(refresh, getRequestMeta(request)) };
  } catch (error) {
    // Only a verdict on the token ends the session; a database hiccup must not sign anyone out.
    if (isCredentialRejected(error)) return { kind: "invalid" };
    console.error("[proxy] rotation failed", error);
    return { kind: "none" };
  }
}

export async function proxy(request: NextRequest): Promise<NextResponse> {
  const isSecure = isHttpsRequest(request);
  const { pathname } = request.nextUrl;
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const csp = buildContentSecurityPolicy(nonce, process.env.NODE_ENV === "development");

  const state = await resolveSession(request);
  const names = getCookieNames(isSecure);
  const isProtected = PROTECTED_PREFIXES.some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`));

  let response: NextResponse;
  if (state.kind === "invalid" && isProtected) {
    const login = new URL("/login", request.url);
    login.searchParams.set("next", `${pathname}${pageSearch(request.nextUrl)}`);
    // Rare (a refused session), so worth one lookup: was it ended from another device, or by an administrator?
    const notice = await findSessionEndNotice(readSessionCookies(request));
    if (notice) login.searchParams.set(SESSION_ENDED_PARAM, notice);
    response = NextResponse.redirect(login, 303);
    applyCommonSecurityHeaders(response.headers);
  } else {
    // The page rendering this very request must see the rotated (or removed) cookies.
    if (state.kind === "rotated") {
      request.cookies.set(names.access, state.pair.access);
      if (state.pair.refresh) request.cookies.set(names.refresh, state.pair.refresh);
    } else if (state.kind === "invalid") {
      request.cookies.delete([names.access, names.refresh]);
    }
    const requestHeaders = new Headers(request.headers);
    requestHeaders.set("content-security-policy", csp);
    requestHeaders.set(SECURE_REQUEST_HEADER, isSecure ? "1" : "0");
    response = NextResponse.next({ request: { headers: requestHeaders } });
  }
  if (state.kind === "rotated") writeSessionCookies(response.cookies, state.pair, isSecure);
  if (state.kind === "invalid") clearSessionCookies(response.cookies, isSecure);
  response.headers.set("Content-Security-Policy", csp);
  return response;
}

/**
 * Every page path, whatever it ends with (`/admin/users/abc.js` is a page and needs the page's CSP). Only
 * real static files skip it: Next's build output and image optimiser, the app's icon, the /docs page's
 * assets (served by a route handler that reads no credential), and the conventional root files (there is no
 * public/ directory). The API and .well-known get their headers from next.config.js.
 */
export const config = {
  matcher: ["/((?!api/|api$|\\.well-known/|_next/static/|_next/image$|docs/assets/|favicon\\.ico$|icon\\.svg$|robots\\.txt$).*)"],
};
