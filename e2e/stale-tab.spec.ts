import { expect, test } from "./fixtures";
import { pageHeaders } from "./support/session";
import { waitForAccessCookieToExpire, watchRenewals } from "./support/renewals";

/**
 * A dashboard left open past the access token's lifetime (3 s on the short server): every kind of page
 * action renews the session through the refresh cookie once and goes through, and the person never
 * sees a message about credentials. The admin actions are in stale-tab-admin.spec.ts.
 */

test("a form on a dashboard left open changes the password after one quiet renewal @short", async ({ page, appURL, signUp, dashboardPage }) => {
  const user = await signUp();
  await dashboardPage.goto();
  await expect(dashboardPage.greeting(user.userName)).toBeVisible();
  const renewals = watchRenewals(page);
  await waitForAccessCookieToExpire(page, appURL);

  const next = `${user.password}-2nd`;
  await page.getByLabel("Current password").fill(user.password);
  await page.getByLabel("New password", { exact: true }).fill(next);
  await page.getByLabel("Confirm new password").fill(next);
  await page.getByRole("button", { name: "Change password" }).click();

  await expect(page.getByRole("main").getByText("Your password is changed.")).toBeVisible();
  await expect(page.getByRole("main").getByRole("alert")).toHaveCount(0);
  expect(renewals).toHaveLength(1);
});

test("a form and a button used at the same moment on a stale dashboard share one renewal @short", async ({ page, appURL, signUp, outsider, dashboardPage }) => {
  const user = await signUp();
  // A second session, for "Sign out everywhere else" to end.
  const elsewhere = await outsider.post("/api/login", { headers: pageHeaders(appURL), data: { email: user.email, password: user.password } });
  expect(elsewhere.status()).toBe(200);
  await dashboardPage.goto();
  await expect(dashboardPage.sessions).toHaveCount(2);
  const emailPanel = page.getByRole("region", { name: "Email address" });
  const target = user.email.replace("@", "-new@");
  await emailPanel.getByLabel("New email address").fill(target);
  await emailPanel.getByLabel("Your password").fill(user.password);
  await waitForAccessCookieToExpire(page, appURL);

  // The renewal is held until both actions have been refused, so both are waiting on a renewal at once.
  const renewals = watchRenewals(page);
  let release = (): void => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/api/refresh", async (route) => {
    await released;
    await route.continue();
  });
  const refused = (path: string) => page.waitForResponse((response) => new URL(response.url()).pathname === path && response.status() === 401);
  const bothRefused = Promise.all([refused("/api/email/change/"), refused("/api/sessions/revoke-others/")]);
  await emailPanel.getByRole("button", { name: "Send a code to the new address" }).click();
  await page.getByRole("button", { name: "Sign out everywhere else" }).click();
  await bothRefused;
  release();

  await expect(emailPanel.getByText(`We sent a 6-digit code to ${target}.`)).toBeVisible();
  await expect(page.getByRole("region", { name: "Active sessions" }).locator(".alert-success")).toContainText("Signed out");
  await expect(dashboardPage.sessions).toHaveCount(1);
  expect(renewals).toHaveLength(1);
});

test("a code form on a stale dashboard confirms the new address after one quiet renewal @short", async ({ page, appURL, signUp, mailbox, dashboardPage }) => {
  const user = await signUp();
  await dashboardPage.goto();
  const panel = page.getByRole("region", { name: "Email address" });
  const target = user.email.replace("@", "-new@");
  await panel.getByLabel("New email address").fill(target);
  await panel.getByLabel("Your password").fill(user.password);
  await panel.getByRole("button", { name: "Send a code to the new address" }).click();
  const code = await mailbox.waitForOtp(target);
  const renewals = watchRenewals(page);
  await waitForAccessCookieToExpire(page, appURL);

  await panel.getByLabel("Code sent to the new address").fill(code);
  await panel.getByRole("button", { name: "Confirm the new address" }).click();

  await expect(panel.getByRole("status")).toHaveText(`Your email address is now ${target}. Your other devices were signed out.`);
  expect(renewals).toHaveLength(1);
});
