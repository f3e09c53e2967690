import { wrongTotpCode } from "../tests/support/totp";
import { expect, test } from "./fixtures";
import { TwoFactorPanel } from "./pages/two-factor-panel";
import { nextCode } from "./support/authenticator";
import { enrolByApi, enrolElsewhere } from "./support/two-factors";
import { expectNoAxeViolations } from "./support/axe";
import { pageHeaders } from "./support/session";

test("changing the password asks for a code first, then changes it", async ({ page, appURL, signUp, dashboardPage }) => {
  const user = await signUp();
  // Set up from another session: confirming the app raises the confirming session, and this one must prove a factor.
  const app = await enrolElsewhere(appURL, user);
  await dashboardPage.goto();
  const next = `${user.password}-2nd`;
  await page.getByLabel("Current password").fill(user.password);
  await page.getByLabel("New password", { exact: true }).fill(next);
  await page.getByLabel("Confirm new password").fill(next);
  const change = page.getByRole("button", { name: "Change password" });
  await change.click();

  const prompt = page.getByRole("form", { name: "Confirm it is you" });
  const code = prompt.getByLabel("Code from your authenticator app");
  await expect(code).toBeFocused();
  await expect(page.getByTestId("announcer")).toHaveText("To confirm it is you, enter a code from your authenticator app.");
  // The prompt waits for the person: the button that asked is at rest, not a spinning "Saving…" that looks stuck.
  await expect(change).toBeDisabled();
  await expect(page.getByRole("button", { name: "Saving…" })).toHaveCount(0);
  await expectNoAxeViolations(page, "the step-up prompt");
  await prompt.getByRole("button", { name: "Cancel" }).click();
  await expect(prompt).toHaveCount(0);
  await expect(change).toBeFocused();

  await change.click();
  await code.fill(wrongTotpCode(app.secret));
  await prompt.getByRole("button", { name: "Confirm" }).click();
  await expect(prompt.locator("#password-change-step-up-code-error")).toHaveText(/not right/);
  await code.fill(nextCode(app));
  await prompt.getByRole("button", { name: "Confirm" }).click();
  await expect(page.getByRole("main").getByText("Your password is changed. Your other devices were signed out.")).toBeVisible();
  await expect(prompt).toHaveCount(0);
});

test("new recovery codes after a step-up with a recovery code", async ({ page, appURL, signUp, dashboardPage }) => {
  const user = await signUp();
  const { recoveryCodes } = await enrolElsewhere(appURL, user);
  await dashboardPage.goto();
  const panel = new TwoFactorPanel(page);
  await expect(panel.region).toContainText("10 recovery codes left");

  await panel.newCodes.click();
  const prompt = page.getByRole("form", { name: "Confirm it is you" });
  await expect(prompt).toBeVisible();
  await expect(panel.newCodes).toBeDisabled();
  await expect(panel.region.getByRole("button", { name: "Making codes…" })).toHaveCount(0);
  await prompt.getByRole("button", { name: "Use a recovery code instead" }).click();
  await expect(prompt.getByLabel("Recovery code")).toBeFocused();
  await prompt.getByLabel("Recovery code").fill(recoveryCodes[0]!);
  await prompt.getByRole("button", { name: "Confirm" }).click();
  await expect(panel.recoveryCodes).toHaveCount(10);
  const fresh = (await panel.recoveryCodes.allInnerTexts()).map((code) => code.trim());
  expect(fresh.filter((code) => recoveryCodes.includes(code))).toEqual([]);
  await panel.saved.click();
  await expect(panel.region).toContainText("10 recovery codes left");
});

test("changing the email address asks for a code first, then sends the code to the new address", async ({ page, appURL, signUp, mailbox, dashboardPage }) => {
  const user = await signUp();
  const app = await enrolElsewhere(appURL, user);
  await dashboardPage.goto();
  const emailPanel = page.getByRole("region", { name: "Email address" });
  const target = `new-${user.email}`;
  await emailPanel.getByLabel("New email address").fill(target);
  await emailPanel.getByLabel("Your password").fill(user.password);
  await emailPanel.getByRole("button", { name: "Send a code to the new address" }).click();

  const prompt = page.getByRole("form", { name: "Confirm it is you" });
  await expect(prompt.getByLabel("Code from your authenticator app")).toBeFocused();
  await prompt.getByLabel("Code from your authenticator app").fill(nextCode(app));
  await prompt.getByRole("button", { name: "Confirm" }).click();
  await expect(emailPanel.getByText(`We sent a 6-digit code to ${target}`)).toBeVisible();
  expect(await mailbox.waitForOtp(target)).toMatch(/^\d{6}$/);
});

test("with three recovery codes or fewer left, the panel says to make new ones", async ({ page, appURL, signUp, dashboardPage }) => {
  const user = await signUp();
  const app = await enrolByApi(page.request, appURL, user.password);
  // Seven recovery codes spent on step-ups (each answers a fresh pair into this browser's cookies).
  for (const code of app.recoveryCodes.slice(0, 7)) {
    const response = await page.request.post("/api/mfa/verify/", { headers: pageHeaders(appURL), data: { recovery_code: code } });
    expect(response.status(), await response.text()).toBe(200);
  }
  await dashboardPage.goto();
  const panel = new TwoFactorPanel(page);
  await expect(panel.region.locator(".alert-warning")).toHaveText("3 recovery codes left. Make new ones before you run out.");
});
