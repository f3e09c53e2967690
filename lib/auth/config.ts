/** Names and lifetimes shared by the API, the proxy and the pages. */
export const ACCESS_TOKEN_TYP = "at+jwt";
export const REFRESH_TOKEN_TYP = "refresh+jwt";
export const JWT_ALGORITHM = "EdDSA";

/** A device token proves that a client signed in to an account before (lib/auth/devices/device-token.ts). */
export const DEVICE_TOKEN_TYP = "device+jwt";
export const DEVICE_TOKEN_LIFETIME_SECONDS = 180 * 86_400;

/** "Remember this browser" at a sign-in's second step: how long it lets this browser skip that step. */
export const TRUSTED_BROWSER_LIFETIME_SECONDS = 30 * 86_400;

/** The pages ask for cookies instead of tokens in the body; API clients never send this header. */
export const COOKIE_TRANSPORT_HEADER = "x-auth-transport";

/** Set by the proxy on every page request: whether the browser reached us over HTTPS (cookie names differ). */
export const SECURE_REQUEST_HEADER = "x-auth-secure";

export interface CookieNames {
  access: string;
  refresh: string;
  device: string;
  /** A remembered browser's token (lib/auth/trusted-browsers): lets a password sign-in skip the second step. */
  trustedBrowser: string;
}

/**
 * Over HTTPS the names carry the `__Host-` prefix, which makes the browser insist on Secure, Path=/ and
 * no Domain, so no sibling host can plant or read them.
 */
export function getCookieNames(isSecure: boolean): CookieNames {
  return isSecure
    ? { access: "__Host-access", refresh: "__Host-refresh", device: "__Host-device", trustedBrowser: "__Host-trusted-browser" }
    : { access: "access", refresh: "refresh", device: "device", trustedBrowser: "trusted-browser" };
}
