import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { LoginPage } from "./pages/login-page";
import { TwoFactorPanel } from "./pages/two-factor-panel";
import { nextCode } from "./support/authenticator";
import { expectNoAxeViolations } from "./support/axe";
import { decodeJwt, readSessionCookies } from "./support/session";
import { enrolByApi, type AuthenticatorApp } from "./support/two-factors";
import type { TestUser } from "./support/users";

/** A new account with the app on, signed in on the page's browser with "Remember this browser" ticked. */
async function signInRemembered(page: Page, appURL: string, signUp: () => Promise<TestUser>, loginPage: LoginPage): Promise<{ user: TestUser; app: AuthenticatorApp }> {
  const user = await signUp();
  const app = await enrolByApi(page.request, appURL, user.password);
  await page.context().clearCookies();
  await loginPage.goto();
  await loginPage.signIn(user.email, user.password);
  await loginPage.remember.check();
  await loginPage.code.fill(nextCode(app));
  await loginPage.verify.click();
  return { user, app };
}

const OTHER_BROWSER = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15";

test("a remembered browser signs in with the password alone until it is forgotten", async ({ page, context, appURL, signUp, loginPage, dashboardPage }) => {
  const { user, app } = await signInRemembered(page, appURL, signUp, loginPage);
  await expect(dashboardPage.greeting(user.userName)).toBeVisible();
  const remembered = (await context.cookies(appURL)).find((cookie) => cookie.name === "trusted-browser");
  expect(remembered).toMatchObject({ httpOnly: true, sameSite: "Strict", path: "/" });

  const panel = new TwoFactorPanel(page);
  await expect(panel.trustedBrowsers).toHaveCount(1);
  await expect(panel.trustedBrowsers.first()).toContainText("This browser");
  await expectNoAxeViolations(page, "the panel with a trusted browser");

  await dashboardPage.signOut.click();
  await loginPage.signIn(user.email, user.password);
  await expect(dashboardPage.greeting(user.userName)).toBeVisible();
  const claims = decodeJwt((await readSessionCookies(context, appURL)).access?.value ?? "").payload as { aal?: number; amr?: string[] };
  // Skipped, not proved: the session stays at one factor for step-up and the admin pages.
  expect(claims.aal).toBe(1);
  expect(claims.amr).toContain("rbrowser");

  await panel.trustedBrowsers.first().getByRole("button", { name: /^Forget .* \(this browser\)$/ }).click();
  await expect(panel.region.getByText(/^Forgot .*It asks for a code at its next sign-in\.$/)).toBeVisible();
  await expect(panel.trustedBrowsers).toHaveCount(0);
  await expect(panel.trustedBrowsersHeading).toBeFocused();

  await dashboardPage.signOut.click();
  await loginPage.signIn(user.email, user.password);
  await expect(loginPage.secondStep).toBeVisible();
});

test("Forget all makes every remembered browser ask for the code again", async ({ browser, page, appURL, signUp, loginPage, dashboardPage }) => {
  const { user, app } = await signInRemembered(page, appURL, signUp, loginPage);
  await expect(dashboardPage.greeting(user.userName)).toBeVisible();

  const otherContext = await browser.newContext({ baseURL: appURL, userAgent: OTHER_BROWSER });
  try {
    const other = new LoginPage(await otherContext.newPage());
    await other.goto();
    await other.signIn(user.email, user.password);
    await other.remember.check();
    await other.useRecoveryCode.click();
    await other.recoveryCode.fill(app.recoveryCodes[0]!);
    await other.verify.click();
    await expect(other.page).toHaveURL(/\/dashboard$/, { timeout: 30_000 });

    const panel = new TwoFactorPanel(page);
    await page.reload();
    await expect(panel.trustedBrowsers).toHaveCount(2);
    await expect(panel.trustedBrowsers.filter({ hasText: "Safari" })).toHaveCount(1);
    await panel.region.getByRole("button", { name: "Forget all" }).click();
    await expect(panel.region.getByText("Forgot every remembered browser. Each asks for a code at its next sign-in.")).toBeVisible();
    await expect(panel.trustedBrowsers).toHaveCount(0);

    await otherContext.clearCookies({ name: "access" });
    await otherContext.clearCookies({ name: "refresh" });
    await other.goto();
    await other.signIn(user.email, user.password);
    await expect(other.secondStep).toBeVisible();
  } finally {
    await otherContext.close();
  }
});
