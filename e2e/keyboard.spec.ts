import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";

/** What has focus, by id (or the button's text), and whether the focus ring is drawn. */
async function focused(page: Page): Promise<{ key: string; outline: string }> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    const style = element ? getComputedStyle(element) : null;
    return {
      key: element?.id || element?.textContent?.trim() || element?.tagName || "",
      outline: style ? `${style.outlineStyle} ${style.outlineWidth}` : "",
    };
  });
}

async function tabTo(page: Page, key: string, maxPresses = 6): Promise<void> {
  for (let press = 0; press < maxPresses; press += 1) {
    await page.keyboard.press("Tab");
    if ((await focused(page)).key === key) return;
  }
  throw new Error(`Tab never reached ${key}`);
}

test("registration and verification work with the keyboard alone", async ({ page, user, mailbox, dashboardPage }) => {
  await page.goto("/register");

  // Enter on the empty form: every problem is reported and focus goes to the first field.
  await tabTo(page, "email");
  await page.keyboard.press("Enter");
  await expect(page.locator("#email-error")).toHaveText("Enter an email address.");
  await expect(page.locator("#user_name-error")).toHaveText("Enter a user name.");
  await expect(page.locator("#password-error")).toHaveText("Enter a password.");
  await expect(page.locator("#password2-error")).toHaveText("Confirm the password.");
  expect((await focused(page)).key).toBe("email");

  // The tab order is email, user name, password, confirm password, then the button; focus is visible.
  const typed: Record<string, string> = { email: user.email, user_name: user.userName, password: user.password, password2: user.password };
  const order: string[] = [];
  for (const field of ["email", "user_name", "password", "password2"]) {
    const now = await focused(page);
    order.push(now.key);
    expect(now.outline, `focus ring on ${now.key}`).toBe("solid 3px");
    await page.keyboard.type(typed[field] ?? "");
    await page.keyboard.press("Tab");
  }
  const button = await focused(page);
  order.push(button.key);
  expect(order).toEqual(["email", "user_name", "password", "password2", "Create account"]);
  expect(button.outline).toBe("solid 3px");

  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/verify$/);

  await tabTo(page, "otp", 8);
  await page.keyboard.type(await mailbox.waitForOtp(user.email));
  await page.keyboard.press("Enter");
  await expect(dashboardPage.greeting(user.userName)).toBeVisible();

  // Sign out by keyboard too.
  await tabTo(page, "Sign out", 10);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
});
