import { expect, type APIRequestContext, type BrowserContext, type Cookie } from "@playwright/test";
import type { Mailbox } from "./mailbox";
import type { TestUser } from "./users";

export { decodeJwt } from "../../tests/support/jwt";

/** The pages' own way of calling the API: cookie transport, from our origin (`url` is any URL on it). */
export function pageHeaders(url: string): Record<string, string> {
  return { "content-type": "application/json", "x-auth-transport": "cookie", origin: new URL(url).origin };
}

/** Registers through the API; the request context (a page's, if it is page.request) holds the cookies. */
export async function registerByApi(request: APIRequestContext, baseURL: string, user: TestUser): Promise<void> {
  const response = await request.post("/api/register", {
    headers: pageHeaders(baseURL),
    data: { email: user.email, user_name: user.userName, password: user.password, password2: user.password },
  });
  expect(response.status(), await response.text()).toBe(201);
}

/**
 * Like the verify page: if the access cookie outlived its token by the server's rounding (a 401 within
 * a second of expiry), renew through the refresh cookie and try once more.
 */
export async function verifyByApi(request: APIRequestContext, baseURL: string, email: string, otp: string): Promise<void> {
  const post = () => request.post("/api/verify", { headers: pageHeaders(baseURL), data: { email, otp } });
  let response = await post();
  if (response.status() === 401) {
    const renewed = await request.post("/api/refresh", { headers: pageHeaders(baseURL), data: {} });
    expect(renewed.status(), await renewed.text()).toBe(200);
    response = await post();
  }
  expect(response.status(), await response.text()).toBe(200);
}

/** A registered and verified account, signed in wherever `request` keeps its cookies. */
export async function createVerifiedUser(request: APIRequestContext, baseURL: string, mailbox: Mailbox, user: TestUser): Promise<void> {
  await registerByApi(request, baseURL, user);
  await verifyByApi(request, baseURL, user.email, await mailbox.waitForOtp(user.email));
}

export interface SessionCookies {
  access: Cookie | undefined;
  refresh: Cookie | undefined;
}

/** Over http the cookies are plain `access`/`refresh` (the `__Host-` names need https). */
export async function readSessionCookies(context: BrowserContext, baseURL: string): Promise<SessionCookies> {
  const cookies = await context.cookies(baseURL);
  return { access: cookies.find((cookie) => cookie.name === "access"), refresh: cookies.find((cookie) => cookie.name === "refresh") };
}

/** Puts raw token values into a context as the browser would hold them (no expiry: the server must judge). */
export async function plantSessionCookies(context: BrowserContext, baseURL: string, tokens: { access?: string; refresh?: string }): Promise<void> {
  const url = new URL(baseURL);
  const cookies = Object.entries(tokens)
    .filter((entry): entry is [string, string] => typeof entry[1] === "string")
    .map(([name, value]) => ({ name, value, domain: url.hostname, path: "/", httpOnly: true, sameSite: "Lax" as const, secure: false }));
  await context.addCookies(cookies);
}
