import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { TwoFactorPanel } from "./pages/two-factor-panel";
import { appFromKey, nextCode } from "./support/authenticator";
import { expectNoAxeViolations } from "./support/axe";
import { addPasskeyOnDashboard, addVirtualAuthenticator, holdBackAutofill, PASSKEY_URL, sessionClaims } from "./support/passkeys";

/** The two-factor panel of accounts whose second factor is a passkey: two-factor is on, whatever the factor. */
test.use({ baseURL: PASSKEY_URL });

/** Signs out from the dashboard with the sign-in page's autofill held back, so only a click can use the passkey. */
async function signOutHoldingAutofill(page: Page): Promise<void> {
  await page.unrouteAll({ behavior: "ignoreErrors" });
  await holdBackAutofill(page);
  await page.getByRole("button", { name: /^(sign out|signing out…)$/i }).click();
  await expect(page).toHaveURL(/\/login\?signed_out=1$/);
}

test("a passkey-only account's panel is on, with its recovery codes and the browser it remembered", async ({ page, signUp, loginPage, dashboardPage }) => {
  await addVirtualAuthenticator(page);
  const user = await signUp();
  await addPasskeyOnDashboard(page);
  const panel = new TwoFactorPanel(page);
  await expect(panel.region).toContainText("On Your passkey is your second factor.");
  await expect(panel.region).toContainText("10 recovery codes left.");
  await expect(panel.region).not.toContainText("a stolen password is not enough");
  await expect(panel.newCodes).toBeVisible();
  await expect(panel.region.getByRole("button", { name: "Set up an authenticator app" })).toBeVisible();
  await expect(panel.turnOff).toHaveCount(0);
  await expect(panel.trustedBrowsersHeading).toBeVisible();
  await expect(panel.region).toContainText("No browser is remembered.");

  // The second step offers "Remember this browser", and the dashboard then lists it.
  await signOutHoldingAutofill(page);
  await loginPage.signIn(user.email, user.password);
  await loginPage.remember.check();
  await loginPage.secondStep.getByRole("button", { name: "Use your passkey" }).click();
  await expect(dashboardPage.greeting(user.userName)).toBeVisible();
  await expect(panel.trustedBrowsers).toHaveCount(1);
  await expect(panel.trustedBrowsers.first()).toContainText("This browser");
  await expect(panel.region).toContainText("10 recovery codes left.");
  await expectNoAxeViolations(page, "a passkey-only account's two-factor panel");

  // The remembered browser skips the second step, until it is forgotten here.
  await signOutHoldingAutofill(page);
  await loginPage.signIn(user.email, user.password);
  await expect(dashboardPage.greeting(user.userName)).toBeVisible();
  expect((await sessionClaims(page)).amr).toContain("rbrowser");
  await panel.trustedBrowsers.first().getByRole("button", { name: /^Forget .* \(this browser\)$/ }).click();
  await expect(panel.trustedBrowsers).toHaveCount(0);
  await expect(panel.trustedBrowsersHeading).toBeFocused();
});

test("adding the authenticator app beside a passkey keeps the recovery codes saved with it", async ({ page, signUp, loginPage, dashboardPage }) => {
  await addVirtualAuthenticator(page);
  const user = await signUp();
  const saved = await addPasskeyOnDashboard(page);
  const panel = new TwoFactorPanel(page);
  await panel.region.getByRole("button", { name: "Set up an authenticator app" }).click();
  await panel.password.fill(user.password);
  await panel.continueButton.click();
  // Adding a factor beside the passkey asks for it first (this session proved none), as adding a passkey does.
  const prompt = panel.region.getByRole("form", { name: "Confirm it is you" });
  const passkey = prompt.getByRole("button", { name: "Confirm with your passkey" });
  await expect(passkey).toBeFocused();
  await expectNoAxeViolations(page, "the app's setup asking for the passkey");
  await passkey.click();
  await expect(prompt).toHaveCount(0);
  expect((await sessionClaims(page)).aal).toBe(2);
  const app = appFromKey(await panel.key.innerText());
  await panel.code.fill(nextCode(app));
  await panel.turnOn.click();

  const added = "The authenticator app is added. Your recovery codes are unchanged: the 10 you saved still work.";
  await expect(panel.region.getByRole("status")).toHaveText(added);
  await expect(panel.recoveryCodes).toHaveCount(0);
  await expect(panel.heading).toBeFocused();
  await expect(panel.region).toContainText("Authenticator app, since");
  await expect(panel.region).toContainText("10 recovery codes left.");
  const events = page.getByRole("region", { name: "Recent security events" });
  await expect(events).toContainText("Authenticator app added");
  await expect(events).not.toContainText("Two-factor authentication turned on");
  await expectNoAxeViolations(page, "the panel with the app and a passkey");

  // A code saved with the passkey still signs in.
  await signOutHoldingAutofill(page);
  await loginPage.signIn(user.email, user.password);
  await loginPage.useRecoveryCode.click();
  await loginPage.recoveryCode.fill(saved[0]!);
  await loginPage.verify.click();
  await expect(dashboardPage.greeting(user.userName)).toBeVisible();
  await expect(panel.region).toContainText("9 recovery codes left.");

  // Turning the app off leaves two-factor on with the passkey, and the codes.
  await panel.turnOff.click();
  const form = page.getByRole("form", { name: "Turn off the authenticator app" });
  await expect(form).toContainText("Your passkey stays your second factor.");
  await form.getByLabel("Your password").fill(user.password);
  await form.getByLabel("Code from your authenticator app").fill(nextCode(app));
  await form.getByRole("button", { name: "Turn off" }).click();
  await expect(panel.region.getByRole("status")).toHaveText("The authenticator app is off. Your passkey stays your second factor.");
  await expect(panel.region).toContainText("9 recovery codes left.");
  await expect(panel.region.getByRole("button", { name: "Set up an authenticator app" })).toBeVisible();
});
