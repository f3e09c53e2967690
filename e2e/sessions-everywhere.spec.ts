import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { expectNoAxeViolations } from "./support/axe";
import { LoginPage } from "./pages/login-page";
import { pageHeaders } from "./support/session";
import { chooseNewPassword } from "./support/reset-password";

const IPHONE_UA =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
const ANDROID_UA = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36";
const ENDED_ELSEWHERE = "You were signed out from another device. Sign in again to continue.";

/** The other device comes back: it lands on the sign-in page, which says why. */
async function expectToldSignedOutElsewhere(device: Page): Promise<void> {
  await device.goto("/dashboard");
  await expect(device).toHaveURL(/\/login\?next=%2Fdashboard&session_ended=1$/);
  await expect(device.getByRole("main").getByText(ENDED_ELSEWHERE)).toBeVisible();
}

/** What happened is shown in the sessions panel and said by the page's live region. */
async function expectReported(page: Page, message: string): Promise<void> {
  await expect(page.getByRole("region", { name: "Active sessions" }).getByText(message)).toBeVisible();
  await expect(page.getByTestId("announcer")).toHaveText(message);
  await expect(page.getByTestId("announcer")).toHaveAttribute("role", "status");
}

test("signing out another device names it, keeps focus on the list, and that device is told why on the sign-in page", async ({
  page,
  signUp,
  anotherDevice,
  dashboardPage,
}) => {
  const user = await signUp();
  const phone = await anotherDevice(user, IPHONE_UA);
  await dashboardPage.goto();
  await expect(dashboardPage.sessions).toHaveCount(2);
  await expect(dashboardPage.currentSession).toContainText("Chrome on Linux");
  await page.getByRole("button", { name: "Sign out Safari on iPhone" }).click();
  await expectReported(page, "Signed out Safari on iPhone");
  await expect(page.getByRole("heading", { level: 2, name: "Active sessions" })).toBeFocused();
  await expect(dashboardPage.sessions).toHaveCount(1);

  await expectToldSignedOutElsewhere(phone);
});

test("\"Sign out everywhere else\" ends every other device at once; \"Sign out everywhere\" ends this one too", async ({
  page,
  signUp,
  anotherDevice,
  dashboardPage,
}) => {
  // Three sign-ins (argon2 each) on a shared machine.
  test.setTimeout(120_000);
  const user = await signUp();
  const phone = await anotherDevice(user, IPHONE_UA);
  const android = await anotherDevice(user, ANDROID_UA);
  await dashboardPage.goto();
  await expect(dashboardPage.sessions).toHaveCount(3);
  await page.getByRole("button", { name: "Sign out everywhere else" }).click();
  await expectReported(page, "Signed out 2 other sessions");
  await expect(dashboardPage.sessions).toHaveCount(1);
  await expect(page.getByRole("button", { name: "Sign out everywhere else" })).toHaveCount(0);
  await expectToldSignedOutElsewhere(phone);

  // The Android device signs in again; "everywhere" now ends it and this browser too.
  const again = new LoginPage(android);
  await android.goto("/login");
  await again.signIn(user.email, user.password);
  await expect(android).toHaveURL(/\/dashboard$/, { timeout: 30_000 });
  await dashboardPage.goto();
  await page.getByRole("button", { name: "Sign out everywhere", exact: true }).click();
  await expect(page).toHaveURL(/\/login\?signed_out=everywhere$/);
  await expect(page.getByRole("main").getByText("You are signed out on every device.")).toBeVisible();
  await expectToldSignedOutElsewhere(android);
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/login\?next=%2Fdashboard$/);
});

test("\"This wasn't me\" on a sign-in signs out every device and leads to choosing a new password with the emailed code", async ({
  page,
  signUp,
  anotherDevice,
  mailbox,
  dashboardPage,
  loginPage,
}) => {
  const user = await signUp();
  const intruder = await anotherDevice(user, IPHONE_UA);
  await dashboardPage.goto();
  const intrusion = dashboardPage.events.filter({ hasText: "Signed in" }).filter({ hasText: "Safari on iPhone" });
  await expect(intrusion).toHaveCount(1);
  await intrusion.getByRole("button", { name: /This wasn't me/ }).click();
  // A confirmation first, focused; cancelling gives the focus back.
  const confirm = page.getByRole("button", { name: "Sign out everywhere and reset my password" });
  await expect(confirm).toBeFocused();
  await page.getByRole("button", { name: "Cancel" }).click();
  await expect(intrusion.getByRole("button", { name: /This wasn't me/ })).toBeFocused();
  await intrusion.getByRole("button", { name: /This wasn't me/ }).click();
  await confirm.click();

  await expect(page).toHaveURL(/\/reset-password\?/);
  // One message for the owner who just reported, saying where the code went: not beside it the hedge a stranger gets ("If … has an account").
  await expect(page.getByRole("main").locator(".alert")).toHaveCount(1);
  await expect(page.getByRole("main").locator(".alert")).toContainText(`Every device was signed out of your account, this one too. Choose a new password with the code we emailed to ${user.email},`);
  await expectNoAxeViolations(page, "the reset page after \"This wasn't me\"");
  const code = await mailbox.waitForOtp(user.email, 2);
  const newPassword = "Amber-Lighthouse-Quartz-31";
  await chooseNewPassword(page, code, newPassword);

  await expectToldSignedOutElsewhere(intruder);
  await loginPage.goto();
  await loginPage.signIn(user.email, newPassword);
  await expect(dashboardPage.greeting(user.userName)).toBeVisible();
  await expect(dashboardPage.events.filter({ hasText: "Reported as not you" })).toHaveCount(1);
});

test("\"This wasn't me\" inside the reset cooldown says no new code was sent, and the one sent moments ago resets the password", async ({
  page,
  appURL,
  signUp,
  anotherDevice,
  mailbox,
  dashboardPage,
}) => {
  const user = await signUp();
  await anotherDevice(user, IPHONE_UA);
  const asked = await page.request.post("/api/password/reset/", { headers: pageHeaders(appURL), data: { email: user.email } });
  expect(asked.status()).toBe(200);
  const code = await mailbox.waitForOtp(user.email, 2);
  await dashboardPage.goto();
  await dashboardPage.events.filter({ hasText: "Signed in" }).filter({ hasText: "Safari on iPhone" }).getByRole("button", { name: /This wasn't me/ }).click();
  await page.getByRole("button", { name: "Sign out everywhere and reset my password" }).click();
  await expect(page).toHaveURL(/\/reset-password\?/);
  const notice = page.getByRole("main").locator(".alert");
  await expect(notice).toHaveCount(1);
  await expect(notice).toContainText(`No new code was sent to ${user.email}: one was sent moments ago (use it)`);
  await expect(notice).not.toContainText("the code we emailed");
  const newPassword = "Amber-Lighthouse-Quartz-32";
  await chooseNewPassword(page, code, newPassword);
});

test("security events name the kind of code that was sent", async ({ page, appURL, signUp, dashboardPage }) => {
  const user = await signUp();
  const asked = await page.request.post("/api/password/reset/", { headers: pageHeaders(appURL), data: { email: user.email } });
  expect(asked.status()).toBe(200);
  await expect
    .poll(async () => {
      await dashboardPage.goto();
      return dashboardPage.events.filter({ hasText: "Password reset code sent" }).count();
    })
    .toBe(1);
  await expect(dashboardPage.events.filter({ hasText: "Verification code sent" })).toHaveCount(1);
});

test("@short a device whose access token expired after it was signed out elsewhere is told why by the silent refresh", async ({
  page,
  signUp,
  anotherDevice,
  dashboardPage,
}) => {
  const user = await signUp();
  const phone = await anotherDevice(user, IPHONE_UA);
  await dashboardPage.goto();
  await page.getByRole("button", { name: "Sign out everywhere else" }).click();
  await expectReported(page, "Signed out Safari on iPhone");
  // Past the access token's lifetime only the refresh cookie speaks, and the proxy finds it revoked.
  await phone.waitForTimeout(3_500);
  await expectToldSignedOutElsewhere(phone);
});
