import { expect, type Page } from "@playwright/test";

/** On the reset page: the emailed code and a new password (twice), then "Set new password" lands on the sign-in page. */
export async function chooseNewPassword(page: Page, code: string, password: string): Promise<void> {
  await page.getByLabel("Code from the email").fill(code);
  await page.getByLabel("New password", { exact: true }).fill(password);
  await page.getByLabel("Confirm new password").fill(password);
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page).toHaveURL(/\/login\?password_reset=1$/);
}
