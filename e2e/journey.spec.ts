import { expect, test } from "./fixtures";
import { readSessionCookies } from "./support/session";

test("a new user registers, verifies the emailed code, sees the dashboard and logs out", async ({
  page,
  appURL,
  user,
  mailbox,
  registerPage,
  verifyPage,
  dashboardPage,
  loginPage,
}) => {
  await page.goto("/");
  await page.getByRole("link", { name: "Create an account" }).click();
  await expect(page.getByRole("heading", { name: "Create your account" })).toBeVisible();

  await registerPage.fill(user);
  await registerPage.submit.click();

  await expect(page).toHaveURL(/\/verify$/);
  await expect(page.getByRole("main").getByText(`We sent a 6-digit code to ${user.email}.`)).toBeVisible();
  await expect(verifyPage.timer).toHaveText(/The code expires in (9|10):\d\d\./);
  await expect(verifyPage.resend).toBeDisabled();

  const code = await mailbox.waitForOtp(user.email);
  await verifyPage.enterCode(code);

  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(dashboardPage.greeting(user.userName)).toBeVisible();
  await expect(dashboardPage.profile).toContainText(user.email);
  await expect(dashboardPage.profile).toContainText("Verified");
  await expect(dashboardPage.sessions).toHaveCount(1);
  await expect(dashboardPage.currentSession).toContainText("This device");
  await expect(dashboardPage.currentSession).toContainText("Chrome on Linux");
  await expect(dashboardPage.events.filter({ hasText: "Email address verified" })).toHaveCount(1);
  await expect(dashboardPage.events.filter({ hasText: "Account created" })).toHaveCount(1);

  await dashboardPage.signOut.click();
  await expect(loginPage.heading).toBeVisible();
  await expect(page.getByRole("main").getByText("You are signed out.")).toBeVisible();
  const cookies = await readSessionCookies(page.context(), appURL);
  expect(cookies.access).toBeUndefined();
  expect(cookies.refresh).toBeUndefined();

  await dashboardPage.goto();
  await expect(page).toHaveURL(/\/login\?next=%2Fdashboard$/);
  await expect(loginPage.heading).toBeVisible();
  await expect(page.getByRole("main").getByText("Sign in to continue.")).toBeVisible();
});

test("an unverified account sees only a prompt to verify on its dashboard", async ({ page, signUp, dashboardPage, verifyPage }) => {
  const user = await signUp({ verified: false });
  await dashboardPage.goto();

  await expect(dashboardPage.verifyPrompt).toBeVisible();
  await expect(dashboardPage.verifyPrompt).toContainText(user.email);
  await expect(page.getByRole("heading", { name: "Active sessions" })).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Recent security events" })).toHaveCount(0);

  await dashboardPage.verifyPrompt.getByRole("link", { name: "Enter your code" }).click();
  await expect(page).toHaveURL(/\/verify$/);
  await expect(verifyPage.code).toBeVisible();
});

test("a signed-in user who opens the sign-in or sign-up page lands on the dashboard", async ({ page, signUp, dashboardPage }) => {
  const user = await signUp();
  await page.goto("/login");
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(dashboardPage.greeting(user.userName)).toBeVisible();
  await page.goto("/register");
  await expect(page).toHaveURL(/\/dashboard$/);
});
