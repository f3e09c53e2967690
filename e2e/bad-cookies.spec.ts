import { calculateJwkThumbprint, exportJWK, generateKeyPair, SignJWT } from "jose";
import type { Browser, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { LoginPage } from "./pages/login-page";
import { SHORT_LIFETIMES } from "./servers";
import { decodeJwt, plantSessionCookies, readSessionCookies } from "./support/session";

/** Flips one character in the middle of a segment, keeping the token well-formed base64url. */
function tamper(token: string, segment: 1 | 2): string {
  const parts = token.split(".");
  const part = parts[segment] ?? "";
  const index = Math.floor(part.length / 2);
  const flipped = part[index] === "A" ? "B" : "A";
  parts[segment] = part.slice(0, index) + flipped + part.slice(index + 1);
  return parts.join(".");
}

/** The same header and claims, signed with a key the server has never seen. */
async function resignWithForeignKey(token: string, options: { keepKid: boolean }): Promise<string> {
  const { header, payload } = decodeJwt(token);
  const { privateKey, publicKey } = await generateKeyPair("EdDSA", { crv: "Ed25519" });
  const kid = options.keepKid ? String(header.kid) : await calculateJwkThumbprint(await exportJWK(publicKey));
  return new SignJWT(payload).setProtectedHeader({ alg: "EdDSA", typ: String(header.typ), kid }).sign(privateKey);
}

/** Opens the dashboard in a fresh browser holding only the given cookies; expects the sign-in page. */
async function expectSignInPage(browser: Browser, appURL: string, tokens: { access?: string; refresh?: string }): Promise<Page> {
  const context = await browser.newContext({ baseURL: appURL });
  await plantSessionCookies(context, appURL, tokens);
  const page = await context.newPage();
  const response = await page.goto("/dashboard");
  expect(response?.status()).toBe(200);
  await expect(page).toHaveURL(/\/login\?next=%2Fdashboard$/);
  await expect(new LoginPage(page).heading).toBeVisible();
  await expect(page.getByRole("heading", { name: "Something went wrong" })).toHaveCount(0);
  // The bad cookies were cleared rather than sent again with every request.
  const left = await readSessionCookies(context, appURL);
  expect(left.access).toBeUndefined();
  expect(left.refresh).toBeUndefined();
  return page;
}

test("tampered session cookies lead to the sign-in page, not an error", async ({ browser, page, appURL, signUp }) => {
  await signUp();
  const { access, refresh } = await readSessionCookies(page.context(), appURL);
  if (!access || !refresh) throw new Error("signed up without session cookies");

  const bad = await expectSignInPage(browser, appURL, { access: tamper(access.value, 2), refresh: tamper(refresh.value, 1) });
  await bad.context().close();
  const noRefresh = await expectSignInPage(browser, appURL, { access: tamper(access.value, 1) });
  await noRefresh.context().close();
  const garbage = await expectSignInPage(browser, appURL, { access: "not-a-token", refresh: "eyJhbGciOiJub25lIn0.e30." });
  await garbage.context().close();
});

test("cookies signed with a foreign key lead to the sign-in page", async ({ browser, page, appURL, signUp }) => {
  await signUp();
  const { access, refresh } = await readSessionCookies(page.context(), appURL);
  if (!access || !refresh) throw new Error("signed up without session cookies");

  for (const keepKid of [true, false]) {
    const forged = {
      access: await resignWithForeignKey(access.value, { keepKid }),
      refresh: await resignWithForeignKey(refresh.value, { keepKid }),
    };
    const result = await expectSignInPage(browser, appURL, forged);
    await result.context().close();
  }

  // The real session was not harmed by the forgeries.
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/dashboard$/);
});

test("expired session cookies lead to the sign-in page @short", async ({ browser, page, appURL, signUp }) => {
  test.setTimeout((SHORT_LIFETIMES.REFRESH_TOKEN_LIFETIME + 30) * 1000);
  await signUp();
  const { access, refresh } = await readSessionCookies(page.context(), appURL);
  if (!access || !refresh) throw new Error("signed up without session cookies");

  const expiresAt = Math.max(decodeJwt(access.value).payload.exp, decodeJwt(refresh.value).payload.exp) * 1000;
  await new Promise((resolve) => setTimeout(resolve, expiresAt - Date.now() + 1_500));

  const expired = await expectSignInPage(browser, appURL, { access: access.value, refresh: refresh.value });
  await expired.goto("/");
  await expect(expired.getByRole("link", { name: "Create an account" })).toBeVisible();
  await expired.context().close();
});
