import fs from "node:fs";
import type { Page } from "@playwright/test";
import { wrongTotpCode } from "../tests/support/totp";
import { expect, test } from "./fixtures";
import { TwoFactorPanel } from "./pages/two-factor-panel";
import { appFromKey, nextCode } from "./support/authenticator";
import { enrolByApi } from "./support/two-factors";
import { expectNoAxeViolations } from "./support/axe";

const focusedText = (page: Page): Promise<string> => page.evaluate(() => document.activeElement?.textContent?.trim() ?? "");

test("a user turns on an authenticator app from the dashboard, keeps the recovery codes and signs in with a code", async ({
  page,
  context,
  appURL,
  signUp,
  loginPage,
  dashboardPage,
}) => {
  test.slow();
  const user = await signUp();
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: appURL });
  await dashboardPage.goto();
  const panel = new TwoFactorPanel(page);
  // Off, the panel offers the app: nothing in it reads as if signing in already asked for a code.
  await expect(panel.region).toContainText("Set up an authenticator app on your phone and signing in will ask for a code from it as well as your password");
  await expect(panel.region).not.toContainText("Signing in asks for a code");
  await expectNoAxeViolations(page, "the panel, off");

  await panel.setUp.click();
  await expect(panel.password).toBeFocused();
  await panel.password.fill(`${user.password}-nope`);
  await panel.continueButton.click();
  await expect(panel.region.locator("#totp-setup-password-error")).toHaveText("This is not your current password.");
  await panel.password.fill(user.password);
  await panel.continueButton.click();

  // The QR code is our server's SVG, shown as an image; the key is there in text for typing.
  await expect(panel.qrCode).toHaveAttribute("src", /^data:image\/svg\+xml;charset=utf-8,%3Csvg/);
  await expect.poll(() => focusedText(page)).toBe("Scan the QR code");
  const keyText = await panel.key.innerText();
  expect(keyText).toMatch(/^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/);
  const app = appFromKey(keyText);
  // On a phone the QR code cannot be scanned from its own screen: the otpauth:// link and the key to paste.
  const otpauth = new URL((await panel.region.getByRole("link", { name: "Open in authenticator app" }).getAttribute("href"))!);
  expect(otpauth.protocol).toBe("otpauth:");
  expect(otpauth.searchParams.get("secret")).toBe(app.secret);
  await panel.region.getByRole("button", { name: "Copy key" }).click();
  await expect(panel.region.getByText("Copied the key.")).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(app.secret);
  await expectNoAxeViolations(page, "the panel, scanning");

  await panel.code.fill(wrongTotpCode(app.secret));
  await panel.turnOn.click();
  await expect(panel.region.locator("#totp-confirm-code-error")).toHaveText(/not right/);
  await panel.code.fill(nextCode(app));
  await panel.turnOn.click();

  await expect(panel.recoveryCodes).toHaveCount(10);
  await expect.poll(() => focusedText(page)).toBe("Save your recovery codes");
  const codes = (await panel.recoveryCodes.allInnerTexts()).map((code) => code.trim());
  for (const code of codes) expect(code).toMatch(/^[A-Z2-9]{5}-[A-Z2-9]{5}$/);
  await expectNoAxeViolations(page, "the panel, recovery codes");

  await panel.region.getByRole("button", { name: "Copy" }).click();
  await expect(panel.region.getByText("Copied the codes.")).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(codes.join("\n"));

  const downloading = page.waitForEvent("download");
  await panel.region.getByRole("button", { name: "Download" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe("recovery-codes.txt");
  const text = fs.readFileSync(await download.path(), "utf8");
  expect(text).toContain(`Recovery codes for ${user.email}`);
  for (const code of codes) expect(text).toContain(`\n${code}\n`);

  await panel.saved.click();
  await expect(panel.recoveryCodes).toHaveCount(0);
  await expect(panel.heading).toBeFocused();
  await expect(panel.region).toContainText("Authenticator app, since");
  await expect(panel.region).toContainText("10 recovery codes left");
  await expect(panel.region.getByRole("status")).toHaveText("Two-factor authentication is on.");
  await expectNoAxeViolations(page, "the panel, on");
  // Shown once: a reload does not bring them back.
  await page.reload();
  await expect(panel.region).toContainText("10 recovery codes left");
  await expect(panel.region.getByText(codes[0]!)).toHaveCount(0);
  // Turning the app on proved it with a code, as a step-up would: new codes come without asking for another.
  await panel.newCodes.click();
  await expect(panel.recoveryCodes).toHaveCount(10);
  await expect(page.getByRole("form", { name: "Confirm it is you" })).toHaveCount(0);
  expect((await panel.recoveryCodes.allInnerTexts()).map((code) => code.trim()).filter((code) => codes.includes(code))).toEqual([]);
  await panel.saved.click();

  await dashboardPage.signOut.click();
  await expect(page).toHaveURL(/\/login\?signed_out=1$/);
  await loginPage.signIn(user.email, user.password);
  await loginPage.code.fill(nextCode(app));
  await loginPage.verify.click();
  await expect(dashboardPage.greeting(user.userName)).toBeVisible();
});

test("turning it off takes the password and a code; then sign-in asks for the password alone", async ({ page, appURL, signUp, loginPage, dashboardPage }) => {
  const user = await signUp();
  const app = await enrolByApi(page.request, appURL, user.password);
  await dashboardPage.goto();
  const panel = new TwoFactorPanel(page);
  await expect(panel.region).toContainText("10 recovery codes left");

  await panel.turnOff.click();
  const form = page.getByRole("form", { name: "Turn off two-factor authentication" });
  // Its first field takes the focus, as in the other forms, under a sentence that says what to enter.
  await expect(form.getByLabel("Your password")).toBeFocused();
  await expect(form).toContainText("Enter your password and a code from your app (or a recovery code): the password alone cannot turn it off.");
  await expectNoAxeViolations(page, "the panel, turning off");
  await form.getByLabel("Your password").fill(user.password);
  await form.getByLabel("Code from your authenticator app").fill(wrongTotpCode(app.secret));
  await form.getByRole("button", { name: "Turn off" }).click();
  await expect(form.locator("#totp-remove-code-error")).toHaveText(/not right/);
  await expect(form.getByLabel("Code from your authenticator app")).toBeFocused();
  await form.getByLabel("Code from your authenticator app").fill(nextCode(app));
  await form.getByRole("button", { name: "Turn off" }).click();
  await expect(panel.setUp).toBeVisible();
  await expect(panel.region.getByRole("status")).toHaveText("Two-factor authentication is off.");
  await expect(panel.region).toContainText("Set up an authenticator app on your phone and signing in will ask for a code from it");

  await dashboardPage.signOut.click();
  await loginPage.signIn(user.email, user.password);
  await expect(dashboardPage.greeting(user.userName)).toBeVisible();
});
