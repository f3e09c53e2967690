import { expect, test } from "./fixtures";
import { DEFAULT_LIFETIMES } from "./servers";
import { decodeJwt, readSessionCookies } from "./support/session";

const JWT_SHAPE = /eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/;

test("no token is ever readable by page JavaScript", async ({ page, appURL, user, mailbox, registerPage, verifyPage, dashboardPage }) => {
  // Every API body the page could read is searched: one that cannot be read fails the test instead of passing as "".
  const reads: Promise<{ url: string; text: string | null }>[] = [];
  page.on("response", (response) => {
    if (!new URL(response.url()).pathname.startsWith("/api/")) return;
    // A redirect has no body a page could read (fetch follows it).
    if (response.status() >= 300 && response.status() < 400) return;
    reads.push(response.text().then((text) => ({ url: response.url(), text }), () => ({ url: response.url(), text: null })));
  });

  await registerPage.goto();
  await registerPage.fill(user);
  const registered = page.waitForResponse((response) => response.url().endsWith("/api/register"));
  await registerPage.submit.click();
  const registerBody = (await (await registered).json()) as Record<string, unknown>;
  expect(registerBody).not.toHaveProperty("access");
  expect(registerBody).not.toHaveProperty("refresh");
  expect(registerBody.user).toMatchObject({ email: user.email, is_verified: false });

  await expect(verifyPage.code).toBeVisible();
  await verifyPage.enterCode(await mailbox.waitForOtp(user.email));
  await expect(dashboardPage.greeting(user.userName)).toBeVisible();

  const { access, refresh } = await readSessionCookies(page.context(), appURL);
  if (!access || !refresh) throw new Error("no session cookies after verification");
  const visible = await page.evaluate(() => ({
    cookie: document.cookie,
    local: JSON.stringify({ ...window.localStorage }),
    session: JSON.stringify({ ...window.sessionStorage }),
    html: document.documentElement.outerHTML,
  }));
  expect(visible.cookie).toBe("");
  expect(visible.local).toBe("{}");
  expect(visible.session).toBe("{}");
  const read = await Promise.all(reads);
  expect(read.filter((each) => each.text === null).map((each) => each.url), "API responses whose body could not be read").toEqual([]);
  const bodies = read.map((each) => each.text ?? "");
  for (const text of [visible.html, ...bodies]) {
    expect(text).not.toContain(access.value);
    expect(text).not.toContain(refresh.value);
    expect(text).not.toMatch(JWT_SHAPE);
  }
  expect(bodies.filter((text) => text.length > 0).length).toBeGreaterThanOrEqual(2);
});

test("session cookies are httpOnly, SameSite=Lax, site-wide and expire with their tokens", async ({ page, appURL, signUp }) => {
  await signUp();
  await page.goto("/dashboard");
  const cookies = await readSessionCookies(page.context(), appURL);

  for (const [name, lifetime] of [
    ["access", DEFAULT_LIFETIMES.ACCESS_TOKEN_LIFETIME],
    ["refresh", DEFAULT_LIFETIMES.REFRESH_TOKEN_LIFETIME],
  ] as const) {
    const cookie = cookies[name];
    if (!cookie) throw new Error(`no ${name} cookie`);
    expect(cookie, name).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/", domain: "127.0.0.1", secure: false });
    const { payload } = decodeJwt(cookie.value);
    expect(payload.token_type, name).toBe(name);
    expect(payload.exp - payload.iat, name).toBe(lifetime);
    // A session cookie (expires -1) would outlive the token; it must expire with it, to the second.
    expect(Math.abs(cookie.expires - payload.exp), `${name} cookie expiry vs token exp`).toBeLessThanOrEqual(2);
  }
});
