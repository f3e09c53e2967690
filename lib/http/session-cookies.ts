import "server-only";
import { NextRequest, NextResponse } from "next/server";
import { COOKIE_TRANSPORT_HEADER, getCookieNames, TRUSTED_BROWSER_LIFETIME_SECONDS } from "@/lib/auth/config";
import { isHttpsRequest } from "@/lib/http/client-address";

/** Browsers hold both tokens in httpOnly cookies (names in lib/auth/config.ts). */
type ResponseCookies = NextResponse["cookies"];

/** The pages ask for cookies instead of tokens in the body; API clients never send this header. */
export function wantsCookies(request: Request): boolean {
  return request.headers.get(COOKIE_TRANSPORT_HEADER) === "cookie";
}

function requestCookies(request: Request): NextRequest["cookies"] {
  return request instanceof NextRequest ? request.cookies : new NextRequest(request.url, { headers: request.headers }).cookies;
}

/** The device token a browser holds (set at its last successful sign-in), if any. */
export function readDeviceCookie(request: Request): string | null {
  return requestCookies(request).get(getCookieNames(isHttpsRequest(request)).device)?.value ?? null;
}

/** The remembered-browser token this browser holds ("Remember this browser" at a second step), if any. */
export function readTrustedBrowserCookie(request: Request): string | null {
  return requestCookies(request).get(getCookieNames(isHttpsRequest(request)).trustedBrowser)?.value ?? null;
}

export function readSessionCookies(request: Request): { access: string | null; refresh: string | null } {
  const names = getCookieNames(isHttpsRequest(request));
  const cookies = requestCookies(request);
  return { access: cookies.get(names.access)?.value ?? null, refresh: cookies.get(names.refresh)?.value ?? null };
}

function expirySeconds(token: string): number {
  try {
    const payload = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString()) as { exp?: number };
    // Rounded down: the cookie must never outlive its token.
    return Math.max(0, Math.floor(((payload.exp ?? 0) * 1000 - Date.now()) / 1000));
  } catch {
    return 0;
  }
}

function cookieOptions(isSecure: boolean): { httpOnly: true; sameSite: "lax"; secure: boolean; path: "/" } {
  return { httpOnly: true, sameSite: "lax", secure: isSecure, path: "/" };
}

/** Writes the pair to a Set-Cookie jar; each cookie expires with its token. */
export function writeSessionCookies(cookies: ResponseCookies, pair: { access: string; refresh?: string }, isSecure: boolean): void {
  const names = getCookieNames(isSecure);
  const options = cookieOptions(isSecure);
  cookies.set(names.access, pair.access, { ...options, maxAge: expirySeconds(pair.access) });
  if (pair.refresh) cookies.set(names.refresh, pair.refresh, { ...options, maxAge: expirySeconds(pair.refresh) });
}

export function clearSessionCookies(cookies: ResponseCookies, isSecure: boolean): void {
  const names = getCookieNames(isSecure);
  const options = { ...cookieOptions(isSecure), maxAge: 0 };
  cookies.set(names.access, "", options);
  cookies.set(names.refresh, "", options);
}

/**
 * The device cookie outlives sessions (logout keeps it: it stands for the browser, not a session). It
 * only ever rides on our own sign-in request, so SameSite=Strict.
 */
function writeDeviceCookie(cookies: ResponseCookies, deviceToken: string, isSecure: boolean): void {
  cookies.set(getCookieNames(isSecure).device, deviceToken, { ...cookieOptions(isSecure), sameSite: "strict", maxAge: expirySeconds(deviceToken) });
}

/**
 * The remembered-browser cookie outlives sessions like the device cookie (logout keeps it; "Forget" and the
 * changes that forget every browser end what it names). It only rides on our own requests: SameSite=Strict.
 */
function writeTrustedBrowserCookie(cookies: ResponseCookies, token: string, isSecure: boolean): void {
  cookies.set(getCookieNames(isSecure).trustedBrowser, token, { ...cookieOptions(isSecure), sameSite: "strict", maxAge: TRUSTED_BROWSER_LIFETIME_SECONDS });
}

/** Removes the remembered-browser cookie (its browser was just forgotten). */
export function clearTrustedBrowserCookie(cookies: ResponseCookies, isSecure: boolean): void {
  cookies.set(getCookieNames(isSecure).trustedBrowser, "", { ...cookieOptions(isSecure), sameSite: "strict", maxAge: 0 });
}

/**
 * Answers with tokens the way the caller asked: API clients get them in the JSON body (a device token as
 * `device_token`, a remembered browser's token as `trusted_browser_token`); the pages get cookies and a body
 * without any token (page JavaScript never sees one).
 */
export function respondWithTokens(
  request: Request,
  status: number,
  body: Record<string, unknown>,
  pair: { access: string; refresh?: string },
  deviceToken?: string,
  trustedBrowserToken?: string,
): Response {
  if (!wantsCookies(request)) {
    const extras = { ...(deviceToken ? { device_token: deviceToken } : {}), ...(trustedBrowserToken ? { trusted_browser_token: trustedBrowserToken } : {}) };
    return NextResponse.json({ ...body, ...pair, ...extras }, { status });
  }
  const response = NextResponse.json(body, { status });
  writeSessionCookies(response.cookies, pair, isHttpsRequest(request));
  if (deviceToken) writeDeviceCookie(response.cookies, deviceToken, isHttpsRequest(request));
  if (trustedBrowserToken) writeTrustedBrowserCookie(response.cookies, trustedBrowserToken, isHttpsRequest(request));
  return response;
}

/** The refresh token from the body, or from the cookie for the pages (handle() checked the origin). */
export function pickRefreshToken(request: Request, fromBody: string | undefined): string | null {
  if (fromBody) return fromBody;
  if (!wantsCookies(request)) return null;
  return readSessionCookies(request).refresh;
}
