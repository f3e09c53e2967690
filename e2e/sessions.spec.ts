import { expect, test } from "./fixtures";

const PHONE_UA = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Safari/604.1";

test("from the dashboard a user signs out a session on another device, which then has to sign in again", async ({
  page,
  signUp,
  anotherDevice,
  dashboardPage,
}) => {
  const user = await signUp();
  const phone = await anotherDevice(user, PHONE_UA);
  await dashboardPage.goto();
  await expect(dashboardPage.sessions).toHaveCount(2);
  await page.getByRole("button", { name: "Sign out Safari on iPhone" }).click();
  await expect(dashboardPage.sessions).toHaveCount(1);
  await expect(dashboardPage.currentSession).toContainText("This device");
  await expect(dashboardPage.events.filter({ hasText: "Session signed out" })).toHaveCount(1);

  await phone.goto("/dashboard");
  await expect(phone).toHaveURL(/\/login\?next=%2Fdashboard/);
});

test("changing the password on the dashboard keeps this device signed in and signs out the others", async ({
  page,
  signUp,
  anotherDevice,
  dashboardPage,
}) => {
  const user = await signUp();
  const phone = await anotherDevice(user, PHONE_UA);
  await dashboardPage.goto();
  const newPassword = "Lilac-Anchor-Summit-58";
  await page.getByLabel("Current password").fill(user.password);
  await page.getByLabel("New password", { exact: true }).fill(newPassword);
  await page.getByLabel("Confirm new password").fill(newPassword);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("main").getByText("Your password is changed. Your other devices were signed out.")).toBeVisible();
  await expect(dashboardPage.sessions).toHaveCount(1);

  await phone.goto("/dashboard");
  await expect(phone).toHaveURL(/\/login\?next=%2Fdashboard/);
});
