import { test as base, expect, type APIRequestContext, type BrowserContext, type Page } from "@playwright/test";
import { DashboardPage } from "./pages/dashboard-page";
import { LoginPage } from "./pages/login-page";
import { RegisterPage } from "./pages/register-page";
import { VerifyPage } from "./pages/verify-page";
import { Mailbox } from "./support/mailbox";
import { signInOnAnotherDevice } from "./support/devices";
import { createVerifiedUser, registerByApi } from "./support/session";
import { createTestUser, type TestUser } from "./support/users";

interface Fixtures {
  /** A fresh, not yet registered account. */
  user: TestUser;
  mailbox: Mailbox;
  appURL: string;
  registerPage: RegisterPage;
  verifyPage: VerifyPage;
  loginPage: LoginPage;
  dashboardPage: DashboardPage;
  /** An API client with cookies of its own, never the page's: for accounts the page is not signed in to. */
  outsider: APIRequestContext;
  /** Registers `user` (and verifies it unless told not to), signed in in the page's browser context. */
  signUp: (options?: { verified?: boolean }) => Promise<TestUser>;
  /** Signs `user` in on another device (a browser context of its own with this user agent), landed on the dashboard; closed after the test. */
  anotherDevice: (user: TestUser, userAgent: string) => Promise<Page>;
}

export const test = base.extend<Fixtures>({
  user: async ({}, use) => {
    await use(createTestUser());
  },
  mailbox: async ({}, use) => {
    await use(new Mailbox());
  },
  appURL: async ({ baseURL }, use) => {
    if (!baseURL) throw new Error("the project needs a baseURL");
    await use(baseURL);
  },
  registerPage: async ({ page }, use) => {
    await use(new RegisterPage(page));
  },
  verifyPage: async ({ page }, use) => {
    await use(new VerifyPage(page));
  },
  loginPage: async ({ page }, use) => {
    await use(new LoginPage(page));
  },
  dashboardPage: async ({ page }, use) => {
    await use(new DashboardPage(page));
  },
  outsider: async ({ playwright, appURL }, use) => {
    const context = await playwright.request.newContext({ baseURL: appURL });
    await use(context);
    await context.dispose();
  },
  signUp: async ({ page, appURL, mailbox, user }, use) => {
    await use(async (options = {}) => {
      if (options.verified === false) await registerByApi(page.request, appURL, user);
      else await createVerifiedUser(page.request, appURL, mailbox, user);
      return user;
    });
  },
  anotherDevice: async ({ browser, appURL }, use) => {
    const contexts: BrowserContext[] = [];
    await use(async (user, userAgent) => {
      const { context, device } = await signInOnAnotherDevice(browser, appURL, user, userAgent);
      contexts.push(context);
      return device;
    });
    await Promise.all(contexts.map((context) => context.close()));
  },
});

export { expect };
