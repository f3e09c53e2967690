import type { Page } from "@playwright/test";
import { wrongTotpCode } from "../tests/support/totp";
import { expect, test } from "./fixtures";
import type { LoginPage } from "./pages/login-page";
import { TwoFactorPanel } from "./pages/two-factor-panel";
import { nextCode } from "./support/authenticator";
import { enrolByApi, type AuthenticatorApp } from "./support/two-factors";
import { expectNoAxeViolations } from "./support/axe";
import { decodeJwt, readSessionCookies } from "./support/session";
import type { TestUser } from "./support/users";
import { chooseNewPassword } from "./support/reset-password";

/** A verified account with the authenticator app on (through the API), signed out, on /login with its password typed. */
async function reachSecondStep(page: Page, appURL: string, loginPage: LoginPage, user: TestUser): Promise<AuthenticatorApp> {
  const app = await enrolByApi(page.request, appURL, user.password);
  await page.context().clearCookies();
  await loginPage.goto();
  await loginPage.signIn(user.email, user.password);
  await expect(loginPage.secondStep).toBeVisible();
  return app;
}

test("after the password, sign-in asks for the authenticator app's code and signs in at two factors", async ({ page, appURL, signUp, loginPage, dashboardPage }) => {
  const user = await signUp();
  const app = await reachSecondStep(page, appURL, loginPage, user);

  await expect(page).toHaveURL(/\/login$/);
  await expect(loginPage.code).toBeFocused();
  await expect(loginPage.code).toHaveAttribute("autocomplete", "one-time-code");
  await expect(loginPage.code).toHaveAttribute("inputmode", "numeric");
  await expect(page.getByTestId("announcer")).toHaveText("Two-factor authentication. Enter the code from your authenticator app.");
  expect((await readSessionCookies(page.context(), appURL)).access).toBeUndefined();

  await loginPage.code.fill(wrongTotpCode(app.secret));
  await loginPage.verify.click();
  await expect(page.locator("#login-mfa-code-error")).toHaveText(/not right or was used already/);
  await expect(loginPage.code).toBeFocused();
  await expect(loginPage.code).toHaveValue("");

  await loginPage.code.fill(nextCode(app));
  await loginPage.verify.click();
  await expect(dashboardPage.greeting(user.userName)).toBeVisible();
  const access = (await readSessionCookies(page.context(), appURL)).access?.value ?? "";
  const claims = decodeJwt(access).payload as { aal?: number; amr?: string[] };
  expect(claims.aal).toBe(2);
  expect(claims.amr).toEqual(expect.arrayContaining(["pwd", "otp"]));
});

test("a recovery code signs in once, and the dashboard counts what is left", async ({ page, appURL, signUp, loginPage, dashboardPage }) => {
  const user = await signUp();
  const { recoveryCodes } = await reachSecondStep(page, appURL, loginPage, user);

  await loginPage.useRecoveryCode.click();
  await expect(loginPage.recoveryCode).toBeFocused();
  await expect(loginPage.code).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Use the authenticator app instead" })).toBeVisible();
  // Typed the way people do: lower case, without the dash.
  await loginPage.recoveryCode.fill(recoveryCodes[0]!.toLowerCase().replace("-", ""));
  await loginPage.verify.click();
  await expect(dashboardPage.greeting(user.userName)).toBeVisible();
  await expect(new TwoFactorPanel(page).region).toContainText("9 recovery codes left");

  await page.context().clearCookies();
  await loginPage.goto();
  await loginPage.signIn(user.email, user.password);
  await loginPage.useRecoveryCode.click();
  await loginPage.recoveryCode.fill(recoveryCodes[0]!);
  await loginPage.verify.click();
  await expect(page.locator("#login-mfa-recovery-code-error")).toHaveText(/not right or was used already/);
  await expect(page).toHaveURL(/\/login$/);
});

test("Back returns to the password, and a sign-in out of tries starts again at the password with the reason", async ({ page, appURL, signUp, loginPage, dashboardPage }) => {
  const user = await signUp();
  const app = await reachSecondStep(page, appURL, loginPage, user);

  await loginPage.back.click();
  await expect(loginPage.email).toHaveValue(user.email);
  await expect(loginPage.password).toHaveValue("");
  await expect(loginPage.password).toBeFocused();
  await expect(loginPage.formAlert).toHaveCount(0);

  // Arrived signed out: that notice goes with the password step it came with.
  await page.goto("/login?signed_out=1");
  const signedOut = page.getByRole("main").getByText("You are signed out.");
  await expect(signedOut).toBeVisible();
  await loginPage.signIn(user.email, user.password);
  const wrong = wrongTotpCode(app.secret);
  for (let attempt = 1; attempt <= 4; attempt += 1) {
    await loginPage.code.fill(wrong);
    await loginPage.verify.click();
    await expect(page.locator("#login-mfa-code-error")).toBeVisible();
  }
  await loginPage.code.fill(wrong);
  await loginPage.verify.click();
  await expect(loginPage.formAlert).toHaveText("Too many wrong codes. Enter your email and password again to get another try.");
  await expect(signedOut).toHaveCount(0);
  await expect(loginPage.password).toBeFocused();
  await expect(loginPage.email).toHaveValue(user.email);

  await loginPage.signIn(user.email, user.password);
  await loginPage.code.fill(nextCode(app));
  await loginPage.verify.click();
  await expect(dashboardPage.greeting(user.userName)).toBeVisible();
});

test("a password reset keeps the second factor: the new password still leads to the code", async ({ page, appURL, signUp, mailbox, loginPage, dashboardPage }) => {
  const user = await signUp();
  const app = await enrolByApi(page.request, appURL, user.password);
  await page.context().clearCookies();

  await page.goto("/reset-password");
  await page.getByLabel("Email", { exact: true }).fill(user.email);
  await page.getByRole("button", { name: "Email me a code" }).click();
  const newPassword = "Velvet-Compass-Harbor-77";
  await chooseNewPassword(page, await mailbox.waitForOtp(user.email, 2), newPassword);
  expect((await readSessionCookies(page.context(), appURL)).access).toBeUndefined();

  await loginPage.signIn(user.email, newPassword);
  await expect(loginPage.code).toBeFocused();
  await loginPage.code.fill(nextCode(app));
  await loginPage.verify.click();
  await expect(dashboardPage.greeting(user.userName)).toBeVisible();
});

test("the second step has no axe violations, with the code or a recovery code", async ({ page, appURL, signUp, loginPage }) => {
  const user = await signUp();
  await reachSecondStep(page, appURL, loginPage, user);
  for (const size of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
    await page.setViewportSize(size);
    await expectNoAxeViolations(page, `the second step (${size.width}px)`);
  }
  await loginPage.code.fill("12");
  await loginPage.verify.click();
  await expect(page.locator("#login-mfa-code-error")).toBeVisible();
  await expectNoAxeViolations(page, "the second step with an error");
  await loginPage.useRecoveryCode.click();
  await expectNoAxeViolations(page, "the second step, recovery code");
});

test("\"This wasn't me\" on two-factor turned on removes the app: the reset page says so, and sign-in asks no code", async ({ page, appURL, signUp, mailbox, loginPage, dashboardPage }) => {
  const user = await signUp();
  await enrolByApi(page.request, appURL, user.password);
  await dashboardPage.goto();
  const enabled = dashboardPage.events.filter({ hasText: "Two-factor authentication turned on" });
  await expect(enabled).toHaveCount(1);
  await enabled.getByRole("button", { name: /This wasn't me/ }).click();
  await expect(enabled.getByText("The authenticator app and the recovery codes set up then go too, if they are still yours.")).toBeVisible();
  await page.getByRole("button", { name: "Sign out everywhere and reset my password" }).click();

  await expect(page).toHaveURL(/\/reset-password\?/);
  await expect(page.getByRole("main").getByText("The authenticator app you reported and your recovery codes were removed too.")).toBeVisible();
  const newPassword = "Copper-Meadow-Lantern-58";
  await chooseNewPassword(page, await mailbox.waitForOtp(user.email, 2), newPassword);

  // No second factor is left: the password alone signs in, with no second step.
  await loginPage.signIn(user.email, newPassword);
  await expect(dashboardPage.greeting(user.userName)).toBeVisible();
  await expect(loginPage.secondStep).toHaveCount(0);
  await expect(dashboardPage.events.filter({ hasText: "Two-factor authentication turned off" })).toHaveCount(1);
});
