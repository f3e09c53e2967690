import { expect, test } from "./fixtures";
import { DashboardPage } from "./pages/dashboard-page";
import { LoginPage } from "./pages/login-page";
import { adminServerOfThisFile } from "./support/admin-server";
import { createVerifiedUser } from "./support/session";

/** This file runs its own server with the rate limits on (the shared e2e servers run with RATE_LIMIT=off). */
const PORT = 3108 + Number(process.env.E2E_PORT_OFFSET ?? 0);
const URL_ = `http://127.0.0.1:${PORT}`;
const server = adminServerOfThisFile(PORT, { RATE_LIMIT: "on" });

test.describe.configure({ mode: "serial", timeout: 180_000 });
test.use({ baseURL: URL_ });

test("a browser that signed in before still signs in while a stranger's guessing has the account waiting", async ({ browser, playwright, user, mailbox }) => {
  const owner = await browser.newContext({ baseURL: URL_ });
  const registration = await playwright.request.newContext({ baseURL: URL_ });
  await createVerifiedUser(registration, URL_, mailbox, user);

  // The owner signs in once from this browser, then logs out: the browser keeps its device cookie.
  const page = await owner.newPage();
  const loginPage = new LoginPage(page);
  const dashboard = new DashboardPage(page);
  await loginPage.goto();
  await loginPage.signIn(user.email, user.password);
  await expect(dashboard.greeting(user.userName)).toBeVisible();
  await dashboard.signOut.click();
  await expect(loginPage.heading).toBeVisible();
  const device = (await owner.cookies(URL_)).find((cookie) => cookie.name === "device");
  expect(device).toMatchObject({ httpOnly: true, sameSite: "Strict" });

  // A stranger guesses from an API client: five at once, then one after each wait, until the wait is 16 s.
  const stranger = await playwright.request.newContext({ baseURL: URL_ });
  const guess = async () => (await stranger.post("/api/login/", { data: { email: user.email, password: "Wrong-password-1" } })).status();
  expect((await Promise.all(Array.from({ length: 5 }, guess))).sort()).toEqual([401, 401, 401, 401, 401]);
  for (const wait of [1, 2, 4, 8]) {
    await new Promise((resolve) => setTimeout(resolve, wait * 1000 + 100));
    expect(await guess()).toBe(401);
  }

  // A browser the account has never seen meets the wait, with the right password.
  const newcomer = await browser.newContext({ baseURL: URL_ });
  const newcomerLogin = new LoginPage(await newcomer.newPage());
  await newcomerLogin.goto();
  await newcomerLogin.signIn(user.email, user.password);
  await expect(newcomerLogin.formAlert).toContainText("Too many attempts");

  // The owner's browser is not held up by any of it.
  await loginPage.goto();
  await loginPage.signIn(user.email, user.password);
  await expect(dashboard.greeting(user.userName)).toBeVisible();

  await Promise.all([owner.close(), newcomer.close(), registration.dispose(), stranger.dispose()]);
});
