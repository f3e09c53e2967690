import { expect, test } from "./fixtures";
import { chooseNewPassword } from "./support/reset-password";

test("a user who forgot the password resets it with an emailed code and signs in with the new one", async ({
  page,
  signUp,
  mailbox,
  loginPage,
  dashboardPage,
}) => {
  const user = await signUp();
  await page.context().clearCookies();
  await loginPage.goto();
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Reset your password" })).toBeVisible();

  await page.getByLabel("Email", { exact: true }).fill(user.email);
  await page.getByRole("button", { name: "Email me a code" }).click();
  await expect(page.getByRole("main").getByText(`If ${user.email} has an account, we emailed it a 6-digit code.`)).toBeVisible();

  const code = await mailbox.waitForOtp(user.email, 2);
  const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, "0");
  const newPassword = "Velvet-Compass-Harbor-77";
  await page.getByLabel("Code from the email").fill(wrong);
  await page.getByLabel("New password", { exact: true }).fill("password123");
  await page.getByLabel("Confirm new password").fill("password123");
  await page.getByRole("button", { name: "Set new password" }).click();
  // One try tells both: the code is wrong and the password is too common.
  await expect(page.locator("#otp-error")).toHaveText(/code is wrong|not right/i);
  await expect(page.locator("#password-error")).toHaveText(/too common/i);

  await chooseNewPassword(page, code, newPassword);
  await expect(page.getByRole("main").getByText("Your password is changed and every device was signed out.")).toBeVisible();

  await loginPage.signIn(user.email, user.password);
  await expect(loginPage.formAlert).toBeVisible();
  await loginPage.signIn(user.email, newPassword);
  await expect(dashboardPage.greeting(user.userName)).toBeVisible();
  await expect(dashboardPage.events.filter({ hasText: "Password reset with an emailed code" })).toHaveCount(1);
});
