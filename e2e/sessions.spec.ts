import type { Browser, BrowserContext, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { LoginPage } from "./pages/login-page";
import type { TestUser } from "./support/users";

const PHONE_UA = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Safari/604.1";

/** The same user signed in on a second device (its own browser context), landed on the dashboard. */
async function signInOnPhone(browser: Browser, appURL: string, user: TestUser): Promise<{ context: BrowserContext; phone: Page }> {
  const context = await browser.newContext({ baseURL: appURL, userAgent: PHONE_UA });
  const phone = await context.newPage();
  const phoneLogin = new LoginPage(phone);
  await phoneLogin.goto();
  await phoneLogin.signIn(user.email, user.password);
  await expect(phone).toHaveURL(/\/dashboard$/);
  return { context, phone };
}

test("from the dashboard a user signs out a session on another device, which then has to sign in again", async ({
  page,
  browser,
  appURL,
  signUp,
  dashboardPage,
}) => {
  const user = await signUp();
  const { context, phone } = await signInOnPhone(browser, appURL, user);
  try {
    await dashboardPage.goto();
    await expect(dashboardPage.sessions).toHaveCount(2);
    await page.getByRole("button", { name: "Sign out Safari on iPhone" }).click();
    await expect(dashboardPage.sessions).toHaveCount(1);
    await expect(dashboardPage.currentSession).toContainText("This device");
    await expect(dashboardPage.events.filter({ hasText: "Session signed out" })).toHaveCount(1);

    await phone.goto("/dashboard");
    await expect(phone).toHaveURL(/\/login\?next=%2Fdashboard/);
  } finally {
    await context.close();
  }
});

test("changing the password on the dashboard keeps this device signed in and signs out the others", async ({
  page,
  browser,
  appURL,
  signUp,
  dashboardPage,
}) => {
  const user = await signUp();
  const { context, phone } = await signInOnPhone(browser, appURL, user);
  try {
    await dashboardPage.goto();
    const newPassword = "Lilac-Anchor-Summit-58";
    await page.getByLabel("Current password").fill(user.password);
    await page.getByLabel("New password", { exact: true }).fill(newPassword);
    await page.getByLabel("Confirm new password").fill(newPassword);
    await page.getByRole("button", { name: "Change password" }).click();
    await expect(page.getByText("Your password is changed. Your other devices were signed out.")).toBeVisible();
    await expect(dashboardPage.sessions).toHaveCount(1);

    await phone.goto("/dashboard");
    await expect(phone).toHaveURL(/\/login\?next=%2Fdashboard/);
  } finally {
    await context.close();
  }
});
