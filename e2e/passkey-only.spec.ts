import fs from "node:fs";
import net from "node:net";
import { expect, test } from "./fixtures";
import { LoginPage } from "./pages/login-page";
import { TwoFactorPanel } from "./pages/two-factor-panel";
import { expectNoAxeViolations } from "./support/axe";
import { addPasskeyOnDashboard, addVirtualAuthenticator, holdBackAutofill, PASSKEY_URL, passkeysPanel, sessionClaims } from "./support/passkeys";
import { APP_PORT } from "./servers";
import type { Page } from "@playwright/test";

/** Accounts whose only second factor is a passkey (and the recovery codes that came with it): no authenticator app. */
test.use({ baseURL: PASSKEY_URL });

const APP_FIELD = "Code from your authenticator app";

/** Signs out from the dashboard with the sign-in page's autofill held back, so only a click can use the passkey. */
async function signOutHoldingAutofill(page: Page): Promise<void> {
  await page.unrouteAll({ behavior: "ignoreErrors" });
  await holdBackAutofill(page);
  await page.getByRole("button", { name: /^(sign out|signing out…)$/i }).click();
  await expect(page).toHaveURL(/\/login\?signed_out=1$/);
}

test("the recovery codes of a first passkey speak of the passkey, not an app", async ({ page, signUp }) => {
  await addVirtualAuthenticator(page);
  const user = await signUp();
  await page.goto("/dashboard");
  const panel = passkeysPanel(page);
  // The first second factor changes the password sign-in: said before adding, and on adding.
  const before = "once you add one, signing in with your password also asks for the passkey (or a recovery code).";
  await expect(panel).toContainText(before);
  await panel.getByRole("button", { name: "Add a passkey" }).click();
  const view = panel.locator(".recovery-codes");
  await expect(panel.getByRole("heading", { name: "Save your recovery codes" })).toBeFocused();
  await expect(panel.locator(".alert-success")).toHaveText(/^Added the passkey .+\. From now on, signing in with your password also asks for your passkey \(or a recovery code\)\.$/);
  await expect(panel).not.toContainText(before);
  await expect(view).toContainText("passkey");
  await expect(view).not.toContainText(/\bapp\b|phone/i);
  const [download] = await Promise.all([page.waitForEvent("download"), view.getByRole("button", { name: "Download" }).click()]);
  const text = fs.readFileSync(await download.path(), "utf8");
  expect(text).toContain(`Recovery codes for ${user.email}`);
  expect(text).toContain("passkey");
  expect(text).not.toMatch(/\bapp\b/i);
  await expectNoAxeViolations(page, "the recovery codes of a first passkey");
});

test("a passkey-only account's second step leads with the passkey, has no app code, keeps the recovery codes", async ({ page, signUp, loginPage }) => {
  await addVirtualAuthenticator(page);
  const user = await signUp();
  const recoveryCodes = await addPasskeyOnDashboard(page);
  await signOutHoldingAutofill(page);
  await loginPage.signIn(user.email, user.password);

  const step = loginPage.secondStep;
  const passkey = step.getByRole("button", { name: "Use your passkey" });
  await expect(passkey).toBeFocused();
  // The sign-out's notice belonged to the password step: the second step has its own words.
  await expect(page.getByText("You are signed out.")).toHaveCount(0);
  await expect(page.getByTestId("announcer")).toHaveText("Two-factor authentication. Use your passkey.");
  await expect(page.getByLabel(APP_FIELD)).toHaveCount(0);
  await expect(step).not.toContainText(/authenticator app/);
  await expect(step.getByRole("button", { name: "Use the authenticator app instead" })).toHaveCount(0);
  await expectNoAxeViolations(page, "a passkey-only account's second step");

  // The recovery codes stay a way in, and the passkey is one click back.
  await loginPage.useRecoveryCode.click();
  await expect(loginPage.recoveryCode).toBeFocused();
  await expect(page.getByLabel(APP_FIELD)).toHaveCount(0);
  await expect(step.getByRole("button", { name: "Use the authenticator app instead" })).toHaveCount(0);
  await expectNoAxeViolations(page, "a passkey-only account's recovery code");
  await loginPage.recoveryCode.fill("AAAAA-AAAAA");
  await loginPage.verify.click();
  await expect(page.locator("#login-mfa-recovery-code-error")).toHaveText(/not right or was used already/);
  await expect(page.locator("#login-mfa-recovery-code-error")).not.toContainText(/authenticator app/);
  await loginPage.recoveryCode.fill(recoveryCodes[0]!);
  await loginPage.verify.click();
  await expect(page).toHaveURL(/\/dashboard$/);
  expect((await sessionClaims(page)).amr).toEqual(expect.arrayContaining(["pwd", "rcode"]));

  // And the passkey completes the second step.
  await signOutHoldingAutofill(page);
  await loginPage.signIn(user.email, user.password);
  await step.getByRole("button", { name: "Use a recovery code instead" }).click();
  await step.getByRole("button", { name: "Use your passkey instead" }).click();
  await expect(passkey).toBeFocused();
  await passkey.click();
  await expect(page).toHaveURL(/\/dashboard$/);
  const claims = await sessionClaims(page);
  expect(claims.aal).toBe(2);
  expect(claims.amr).toEqual(expect.arrayContaining(["pwd", "user"]));
});

test("a passkey-only account's step-up before a password change is answered by the passkey", async ({ page, signUp }) => {
  await addVirtualAuthenticator(page);
  const user = await signUp();
  await addPasskeyOnDashboard(page);
  expect((await sessionClaims(page)).aal).toBe(1);
  const next = `${user.password}-2nd`;
  await page.getByLabel("Current password").fill(user.password);
  await page.getByLabel("New password", { exact: true }).fill(next);
  await page.getByLabel("Confirm new password").fill(next);
  await page.getByRole("button", { name: "Change password" }).click();

  const prompt = page.getByRole("form", { name: "Confirm it is you" });
  const passkey = prompt.getByRole("button", { name: "Confirm with your passkey" });
  await expect(passkey).toBeFocused();
  await expect(page.getByTestId("announcer")).toHaveText("To confirm it is you, use your passkey.");
  await expect(prompt.getByLabel(APP_FIELD)).toHaveCount(0);
  await expect(prompt).not.toContainText(/authenticator app/);
  await expect(prompt.getByRole("button", { name: "Use a recovery code instead" })).toBeVisible();
  await expectNoAxeViolations(page, "a passkey-only account's step-up");
  await passkey.click();
  await expect(page.getByRole("main").getByText("Your password is changed. Your other devices were signed out.")).toBeVisible();
  await expect(prompt).toHaveCount(0);
});

test("a passkey-only account's two-factor panel counts its recovery codes and makes new ones after the passkey's step-up", async ({ page, signUp }) => {
  await addVirtualAuthenticator(page);
  await signUp();
  const oldCodes = await addPasskeyOnDashboard(page);
  const panel = new TwoFactorPanel(page);
  await expect(panel.region).toContainText("Your passkey is your second factor.");
  await expect(panel.region).toContainText("10 recovery codes left");
  await expect(panel.trustedBrowsersHeading).toBeVisible();
  await expect(panel.region.getByRole("button", { name: "Set up an authenticator app" })).toBeVisible();

  await panel.newCodes.click();
  const prompt = page.getByRole("form", { name: "Confirm it is you" });
  await expect(prompt.getByRole("button", { name: "Confirm with your passkey" })).toBeFocused();
  await expect(prompt.getByLabel(APP_FIELD)).toHaveCount(0);
  await prompt.getByRole("button", { name: "Confirm with your passkey" }).click();
  await expect(panel.recoveryCodes).toHaveCount(10);
  await expect(panel.region.locator(".recovery-codes")).not.toContainText(/\bapp\b|phone/i);
  const fresh = (await panel.recoveryCodes.allInnerTexts()).map((code) => code.trim());
  expect(fresh.filter((code) => oldCodes.includes(code))).toEqual([]);
  await expectNoAxeViolations(page, "a passkey-only account's new recovery codes");
  await panel.saved.click();
  await expect(panel.region).toContainText("10 recovery codes left");
});

test("at another port of APP_URL's host the second step offers no passkey, which the server would refuse there", async ({ page, signUp, browser }) => {
  await addVirtualAuthenticator(page);
  const user = await signUp();
  const recoveryCodes = await addPasskeyOnDashboard(page);

  // The same server answering at localhost on another port (a TCP relay): the browser would accept the passkey
  // there (same host), the server would not (APP_URL's origin is the only one it accepts).
  const relay = net.createServer((socket) => {
    const upstream = net.connect(APP_PORT, "127.0.0.1");
    socket.pipe(upstream).pipe(socket);
    socket.on("error", () => upstream.destroy());
    upstream.on("error", () => socket.destroy());
  });
  await new Promise<void>((resolve) => relay.listen(0, "127.0.0.1", resolve));
  const elsewhere = `http://localhost:${(relay.address() as net.AddressInfo).port}`;
  const context = await browser.newContext();
  const other = await context.newPage();
  await addVirtualAuthenticator(other);
  const loginPage = new LoginPage(other);
  await other.goto(`${elsewhere}/login`);
  await expect(other.getByText(`Open ${PASSKEY_URL} to sign in with a passkey`)).toBeVisible();
  await loginPage.signIn(user.email, user.password);
  await expect(loginPage.recoveryCode).toBeVisible();
  await expect(loginPage.secondStep.getByRole("button", { name: /passkey/ })).toHaveCount(0);
  await loginPage.recoveryCode.fill(recoveryCodes[0]!);
  await loginPage.verify.click();
  await expect(other).toHaveURL(`${elsewhere}/dashboard`);
  await context.close();
  relay.close();
});
