import { expect, test } from "./fixtures";
import { DashboardPage } from "./pages/dashboard-page";
import { LoginPage } from "./pages/login-page";
import { SHORT_LIFETIMES } from "./servers";
import { decodeJwt, plantSessionCookies, readSessionCookies } from "./support/session";

const pastAccessExpiry = (SHORT_LIFETIMES.ACCESS_TOKEN_LIFETIME + 1) * 1000;
const pastGraceWindow = (SHORT_LIFETIMES.REFRESH_REUSE_GRACE + 1) * 1000;

test("an expired access token is renewed silently; replaying the old refresh token ends the session everywhere @short", async ({
  page,
  browser,
  appURL,
  signUp,
  dashboardPage,
  loginPage,
}) => {
  const user = await signUp();
  await dashboardPage.goto();
  await expect(dashboardPage.greeting(user.userName)).toBeVisible();
  const before = await readSessionCookies(page.context(), appURL);
  expect(before.refresh?.value).toBeTruthy();

  await page.waitForTimeout(pastAccessExpiry);
  // The browser dropped the expired access cookie; only the refresh cookie is left.
  expect((await readSessionCookies(page.context(), appURL)).access).toBeUndefined();

  const response = await page.goto("/dashboard");
  expect(response?.status()).toBe(200);
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(dashboardPage.greeting(user.userName)).toBeVisible();
  // The navigation's own answer renewed both cookies. (The access cookie lives 3 s here: on a loaded
  // machine it can be gone again by the time the page has loaded, now that prefetches no longer rotate.)
  const renewed = ((await response?.headersArray()) ?? []).filter((header) => header.name.toLowerCase() === "set-cookie").map((header) => header.value.split("=")[0]);
  expect(renewed.toSorted()).toEqual(["access", "refresh"]);
  const after = await readSessionCookies(page.context(), appURL);
  expect(after.refresh?.value).toBeTruthy();
  expect(after.refresh?.value).not.toBe(before.refresh?.value);

  // Someone replays the stolen, already used refresh token after the grace window.
  await page.waitForTimeout(pastGraceWindow);
  const thief = await browser.newContext({ baseURL: appURL });
  try {
    await plantSessionCookies(thief, appURL, { refresh: before.refresh?.value ?? "" });
    const thiefPage = await thief.newPage();
    await thiefPage.goto("/dashboard");
    await expect(thiefPage).toHaveURL(/\/login\?next=%2Fdashboard$/);
    await expect(new LoginPage(thiefPage).heading).toBeVisible();
  } finally {
    await thief.close();
  }

  // The whole session was revoked, so the rightful owner is signed out too...
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/login\?next=%2Fdashboard$/);
  await expect(loginPage.heading).toBeVisible();

  // ...and sees why after signing in again.
  await loginPage.signIn(user.email, user.password);
  await expect(dashboardPage.greeting(user.userName)).toBeVisible();
  await expect(dashboardPage.events.filter({ hasText: "Old sign-in token reused" })).toHaveCount(1);
  await expect(dashboardPage.sessions).toHaveCount(1);
});

test("two tabs that both need a renewal at the same moment both stay signed in @short", async ({ page, appURL, signUp }) => {
  const user = await signUp();
  const context = page.context();
  const second = await context.newPage();
  const tabs = [page, second];
  await Promise.all(tabs.map((tab) => tab.goto("/dashboard")));
  for (const tab of tabs) await expect(new DashboardPage(tab).greeting(user.userName)).toBeVisible();
  const before = await readSessionCookies(context, appURL);

  await page.waitForTimeout(pastAccessExpiry);
  const responses = await Promise.all(tabs.map((tab) => tab.goto("/dashboard")));

  for (const [index, tab] of tabs.entries()) {
    expect(responses[index]?.status(), `tab ${index + 1}`).toBe(200);
    await expect(tab).toHaveURL(/\/dashboard$/);
    await expect(new DashboardPage(tab).greeting(user.userName)).toBeVisible();
  }
  const after = await readSessionCookies(context, appURL);
  expect(after.refresh?.value).not.toBe(before.refresh?.value);

  // The converged session keeps working through the next renewal, in both tabs.
  await page.waitForTimeout(pastAccessExpiry);
  await second.reload();
  await expect(new DashboardPage(second).greeting(user.userName)).toBeVisible();
  await page.reload();
  await expect(new DashboardPage(page).greeting(user.userName)).toBeVisible();
});

test("a code submitted just after the access token expired still verifies @short", async ({
  page,
  appURL,
  signUp,
  mailbox,
  verifyPage,
  dashboardPage,
}) => {
  const user = await signUp({ verified: false });
  const code = await mailbox.waitForOtp(user.email);
  // Loaded after the code arrived, without the sign-up's access cookie, so the proxy renews it on this load
  // and it is fresh however long the email took. Read from the load's own answer: the cookie lives 3 s here,
  // and on a loaded machine the page can take that long (the router's prefetches, which rotated, used to
  // hide it). The browser then keeps sending this token after it expired (cookie expiry is rounded up to the
  // second, and clocks drift): hold on to it past its exp.
  await page.context().clearCookies({ name: "access" });
  const loaded = await page.goto("/verify");
  const renewed = ((await loaded?.headersArray()) ?? []).find((header) => header.name.toLowerCase() === "set-cookie" && header.value.startsWith("access="));
  if (!renewed) throw new Error("the load did not renew the access cookie");
  const access = renewed.value.split(";")[0]!.slice("access=".length);
  await plantSessionCookies(page.context(), appURL, { access });
  const expiresAt = decodeJwt(access).payload.exp * 1000;
  await page.waitForTimeout(Math.max(0, expiresAt - Date.now()) + 500);

  await verifyPage.enterCode(code);

  await expect(dashboardPage.greeting(user.userName)).toBeVisible();
  await expect(dashboardPage.profile).toContainText("Verified");
});
