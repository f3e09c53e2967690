import { expect, test } from "./fixtures";
import { SHORT_LIFETIMES } from "./servers";
import { pageHeaders } from "./support/session";
import { chooseNewPassword } from "./support/reset-password";

const newAddress = (email: string): string => email.replace("@", "-new@");
const wrongCode = (code: string): string => String((Number(code) + 1) % 1_000_000).padStart(6, "0");

test("a signed-in user moves the account to a new address from the dashboard; other devices are signed out and the old address is told", async ({
  page,
  signUp,
  mailbox,
  outsider,
  appURL,
  dashboardPage,
}) => {
  const user = await signUp();
  const elsewhere = await outsider.post("/api/login", { headers: pageHeaders(appURL), data: { email: user.email, password: user.password } });
  expect(elsewhere.status()).toBe(200);
  const target = newAddress(user.email);

  await dashboardPage.goto();
  const panel = page.getByRole("region", { name: "Email address" });
  await panel.getByLabel("New email address").fill(target);
  await panel.getByLabel("Your password").fill("not-the-password");
  await panel.getByRole("button", { name: "Send a code to the new address" }).click();
  await expect(panel.locator("#email-change-password-error")).toHaveText("This is not your current password.");

  await panel.getByLabel("Your password").fill(user.password);
  await panel.getByRole("button", { name: "Send a code to the new address" }).click();
  await expect(panel.getByText(`We sent a 6-digit code to ${target}.`)).toBeVisible();
  const codeField = panel.getByLabel("Code sent to the new address");
  await expect(codeField).toBeFocused();
  await expect(panel.getByRole("timer")).toHaveText(/The code expires in (9|10):\d\d\./);

  const code = await mailbox.waitForOtp(target);
  await codeField.fill(wrongCode(code));
  await panel.getByRole("button", { name: "Confirm the new address" }).click();
  await expect(panel.locator("#email-change-otp-error")).toHaveText(/That code is not right/);
  await codeField.fill(code);
  await panel.getByRole("button", { name: "Confirm the new address" }).click();

  await expect(panel.getByRole("status")).toHaveText(`Your email address is now ${target}. Your other devices were signed out.`);
  await expect(dashboardPage.profile).toContainText(target);
  await expect(dashboardPage.sessions).toHaveCount(1);
  await expect(dashboardPage.events.filter({ hasText: "Email address changed" })).toHaveCount(1);

  // The other device's session ended, and the old address heard about the change.
  expect((await outsider.post("/api/refresh", { headers: pageHeaders(appURL), data: {} })).status()).toBe(401);
  await expect
    .poll(async () => (await mailbox.messagesFor(user.email)).map((mail) => mail.subject))
    .toContain("The email address of your account was changed");
});

test("someone who registered with a typo corrects the address on /verify, and the code from the new address verifies the account", async ({
  page,
  signUp,
  mailbox,
  verifyPage,
  dashboardPage,
}) => {
  const user = await signUp({ verified: false });
  await verifyPage.goto();
  await expect(page.getByRole("main").getByText("Log out and create the account again")).toHaveCount(0);
  await page.getByRole("button", { name: "Correct your email address" }).click();
  const target = newAddress(user.email);
  await expect(page.getByLabel("New email address")).toBeFocused();
  await page.getByLabel("New email address").fill(target);
  await page.getByLabel("Your password").fill(user.password);
  await page.getByRole("button", { name: "Send a code to the new address" }).click();
  await expect(page.getByRole("main").getByText(`We sent a 6-digit code to ${target}.`)).toBeVisible();

  await page.getByLabel("Code sent to the new address").fill(await mailbox.waitForOtp(target));
  await page.getByRole("button", { name: "Verify the new address" }).click();
  await expect(dashboardPage.greeting(user.userName)).toBeVisible();
  await expect(dashboardPage.profile).toContainText(target);
  await expect(dashboardPage.profile).toContainText("Verified");
  // The mistyped address only ever got its verification code: nothing about the account after that.
  expect((await mailbox.messagesFor(user.email)).map((mail) => mail.subject)).toEqual([expect.stringMatching(/^Your verification code/)]);
});

test("the reset page shows the code's countdown and the resend cooldown, and lets the address be corrected", async ({ page, signUp, mailbox, loginPage }) => {
  const user = await signUp();
  await page.context().clearCookies();
  await page.goto("/reset-password");
  await page.getByLabel("Email", { exact: true }).fill(`nobody-${user.email}`);
  await page.getByRole("button", { name: "Email me a code" }).click();
  await expect(page.getByRole("main").getByText(`If nobody-${user.email} has an account, we emailed it a 6-digit code.`)).toBeVisible();
  await expect(page.getByRole("timer")).toHaveText(/The code expires in (9|10):\d\d\./);
  const resend = page.getByRole("button", { name: /send a new code/i });
  await expect(resend).toBeDisabled();
  await expect(resend).toHaveText(/Send a new code in 0:\d\d/);

  await page.getByRole("button", { name: "Use a different email" }).click();
  const email = page.getByLabel("Email", { exact: true });
  await expect(email).toBeFocused();
  await expect(email).toHaveValue(`nobody-${user.email}`);
  await email.fill(user.email);
  await page.getByRole("button", { name: "Email me a code" }).click();
  await expect(page.getByRole("main").getByText(`If ${user.email} has an account, we emailed it a 6-digit code.`)).toBeVisible();

  const code = await mailbox.waitForOtp(user.email, 2);
  const password = "Copper-Lagoon-Thistle-42";
  await chooseNewPassword(page, code, password);
  await loginPage.signIn(user.email, password);
  await expect(page).toHaveURL(/\/dashboard$/);
});

test("@short on the reset page an expired code hides its countdown and disables its button with one message; a resent code works", async ({
  page,
  signUp,
  mailbox,
}) => {
  const user = await signUp();
  await page.context().clearCookies();
  await page.goto("/reset-password");
  await page.getByLabel("Email", { exact: true }).fill(user.email);
  await page.getByRole("button", { name: "Email me a code" }).click();
  const stale = await mailbox.waitForOtp(user.email, 2);
  await expect(page.getByRole("timer")).toHaveText(/The code expires in 0:0\d\./);

  const submit = page.getByRole("button", { name: "Set new password" });
  await expect(page.getByRole("main").getByText("That code has expired. Send a new code and enter it here.")).toBeVisible({ timeout: (SHORT_LIFETIMES.OTP_LIFETIME + 3) * 1000 });
  await expect(page.getByRole("timer")).toHaveCount(0);
  await expect(submit).toBeDisabled();
  await expect(page.locator(".alert-error, .field-error")).toHaveCount(1);

  const resend = page.getByRole("button", { name: "Send a new code" });
  await expect(resend).toBeEnabled();
  await resend.click();
  await expect(page.locator(".live[role=status]")).toContainText(`If ${user.email} has an account, a new code is on its way.`);
  await expect(submit).toBeEnabled();
  await expect(page.getByRole("timer")).toBeVisible();
  const fresh = await mailbox.waitForOtp(user.email, 3);
  expect(fresh).not.toBe("");
  const password = "Copper-Lagoon-Thistle-42";
  await page.getByLabel("Code from the email").fill(stale === fresh ? fresh : stale);
  await page.getByLabel("New password", { exact: true }).fill(password);
  await page.getByLabel("Confirm new password").fill(password);
  await submit.click();
  if (stale !== fresh) {
    await expect(page.locator("#otp-error")).toHaveText(/That code is not right/);
    await page.getByLabel("Code from the email").fill(fresh);
    await submit.click();
  }
  await expect(page).toHaveURL(/\/login\?password_reset=1$/);
});
