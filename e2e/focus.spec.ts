import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";

/** The focused element's tag and text, as a screen reader would start reading. */
async function focusedElement(page: Page): Promise<{ tag: string; text: string }> {
  return page.evaluate(() => ({ tag: document.activeElement?.tagName ?? "", text: document.activeElement?.textContent?.trim() ?? "" }));
}

test("after each page change focus lands on the new page's heading", async ({ page, user, registerPage, verifyPage, mailbox }) => {
  await registerPage.goto();
  await registerPage.fill(user);
  await registerPage.submit.click();
  await expect(page).toHaveURL(/\/verify$/);
  await expect.poll(() => focusedElement(page)).toEqual({ tag: "H1", text: "Check your email" });

  await verifyPage.enterCode(await mailbox.waitForOtp(user.email));
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect.poll(async () => (await focusedElement(page)).tag).toBe("H1");

  // Tab from the heading reaches the page's first control, not the site header.
  await page.keyboard.press("Tab");
  expect((await focusedElement(page)).text).toMatch(/^sign out$|admin/i);
});

test("signing out lands on the sign-in heading and announces that it happened", async ({ page, signUp }) => {
  await signUp();
  await page.goto("/dashboard");
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/login\?signed_out=1$/);
  await expect.poll(() => focusedElement(page)).toEqual({ tag: "H1", text: "Sign in" });
  await expect(page.getByTestId("announcer")).toHaveText("You are signed out.");
});

test("a changed password is announced once, through the page's live region", async ({ page, signUp }) => {
  const user = await signUp();
  await page.goto("/dashboard");
  const next = `${user.password}-2nd`;
  await page.getByLabel("Current password").fill(user.password);
  await page.getByLabel("New password", { exact: true }).fill(next);
  await page.getByLabel("Confirm new password").fill(next);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByTestId("announcer")).toHaveText(/Password changed/);
  // The visible confirmation is not a second live region reading the same news.
  await expect(page.locator('[role="status"]', { hasText: "Your password is changed" })).toHaveCount(0);
});
