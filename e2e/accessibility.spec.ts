import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { expectNoAxeViolations } from "./support/axe";

/** axe-core on every page a visitor can reach, at desktop and phone sizes (the admin pages: admin.spec.ts). */
const SIZES = [
  { name: "desktop", width: 1280, height: 800 },
  { name: "phone", width: 390, height: 844 },
] as const;

async function check(page: Page, path: string, ready: () => Promise<void>): Promise<void> {
  for (const size of SIZES) {
    await page.setViewportSize({ width: size.width, height: size.height });
    await page.goto(path);
    await ready();
    await expectNoAxeViolations(page, `${path} (${size.name})`);
  }
}

const heading = (page: Page, name: string | RegExp) => () => expect(page.getByRole("heading", { level: 1, name })).toBeVisible();

test("the signed-out pages and /docs have no axe violations", async ({ page }) => {
  test.slow();
  await check(page, "/", heading(page, /Accounts that stay secure/));
  await check(page, "/login", heading(page, "Sign in"));
  await check(page, "/register", heading(page, "Create your account"));
  await check(page, "/reset-password", heading(page, "Reset your password"));
  await check(page, "/verify", heading(page, "Check your email"));
  await check(page, "/no-such-page", heading(page, "Page not found"));
  // A 1.4 MB bundle that renders the whole document: slow on a busy machine.
  await check(page, "/docs", () => expect(page.locator(".opblock").first()).toBeVisible({ timeout: 30_000 }));
});

test("the signed-in pages have no axe violations", async ({ page, signUp, mailbox, user }) => {
  test.slow();
  await signUp({ verified: false });
  await check(page, "/verify", heading(page, "Check your email"));
  await page.goto("/verify");
  await page.getByRole("button", { name: "Correct your email address" }).click();
  await expectNoAxeViolations(page, "/verify, correcting the address");
  await page.goto("/verify");
  await page.getByLabel("Verification code").fill(await mailbox.waitForOtp(user.email));
  await page.getByRole("button", { name: "Verify email" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Hello, ${user.userName}` })).toBeVisible();
  await check(page, "/dashboard", heading(page, `Hello, ${user.userName}`));
});
