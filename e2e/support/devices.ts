import { expect, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { LoginPage } from "../pages/login-page";
import type { TestUser } from "./users";

/** The same user signed in on another device: its own browser context and user agent, landed on the dashboard. */
export async function signInOnAnotherDevice(browser: Browser, appURL: string, user: TestUser, userAgent: string): Promise<{ context: BrowserContext; device: Page }> {
  const context = await browser.newContext({ baseURL: appURL, userAgent });
  const device = await context.newPage();
  const login = new LoginPage(device);
  await login.goto();
  await login.signIn(user.email, user.password);
  // A sign-in is an argon2 verification: slow on a busy machine.
  await expect(device).toHaveURL(/\/dashboard$/, { timeout: 30_000 });
  return { context, device };
}
