import { expect, test } from "./fixtures";
import { createVerifiedUser } from "./support/session";

test("signing in from a protected page returns to it", async ({ page, appURL, user, outsider, mailbox, loginPage, dashboardPage }) => {
  await createVerifiedUser(outsider, appURL, mailbox, user);

  await dashboardPage.goto();
  await expect(page).toHaveURL(/\/login\?next=%2Fdashboard$/);
  await expect(page.getByRole("main").getByText("Sign in to continue.")).toBeVisible();
  await loginPage.signIn(user.email, user.password);

  await expect(page).toHaveURL(`${appURL}/dashboard`);
  await expect(dashboardPage.greeting(user.userName)).toBeVisible();
});

const OFF_SITE_NEXTS = ["//evil.example", "/\\evil.example", "https://evil.example/", "/\t/evil.example", "/.//evil.example/x", "/a/..//evil.example/landing", "/%2e//evil.example"];

for (const next of OFF_SITE_NEXTS) {
  test(`a next of ${JSON.stringify(next)} is ignored: sign-in stays on this site`, async ({
    page,
    appURL,
    user,
    outsider,
    mailbox,
    loginPage,
    dashboardPage,
  }) => {
    await createVerifiedUser(outsider, appURL, mailbox, user);
    const offSite: string[] = [];
    page.on("request", (request) => {
      if (new URL(request.url()).host !== new URL(appURL).host) offSite.push(request.url());
    });

    await loginPage.goto(next);
    await loginPage.signIn(user.email, user.password);

    await expect(page).toHaveURL(`${appURL}/dashboard`);
    await expect(dashboardPage.greeting(user.userName)).toBeVisible();
    expect(offSite).toEqual([]);
  });
}

test("an already signed-in visit to /login with a dot-segment next stays on this site", async ({ page, appURL, signUp, dashboardPage }) => {
  const user = await signUp();
  const offSite: string[] = [];
  page.on("request", (request) => {
    if (new URL(request.url()).host !== new URL(appURL).host) offSite.push(request.url());
  });
  const direct = await page.request.get(`/login?next=${encodeURIComponent("/.//evil.example/x")}`, { maxRedirects: 0 });
  expect(direct.status()).toBe(307);
  expect(new URL(direct.headers().location ?? "", appURL).origin).toBe(new URL(appURL).origin);

  await page.goto(`/login?next=${encodeURIComponent("/.//evil.example/x")}`);
  await expect(page).toHaveURL(`${appURL}/dashboard`);
  await expect(dashboardPage.greeting(user.userName)).toBeVisible();
  expect(offSite).toEqual([]);
});

test("a wrong password gets one message that does not say which part was wrong", async ({ page, appURL, user, outsider, mailbox, loginPage }) => {
  await createVerifiedUser(outsider, appURL, mailbox, user);
  await loginPage.goto();

  await loginPage.signIn(user.email, `${user.password}-nope`);
  await expect(loginPage.formAlert).toHaveText("The email or password is not right. Check both and try again.");
  await expect(loginPage.formAlert).toHaveRole("alert");
  await expect(loginPage.password).toHaveValue("");
  await expect(page).toHaveURL(/\/login$/);

  await loginPage.signIn(`nobody-${user.email}`, user.password);
  await expect(loginPage.formAlert).toHaveText("The email or password is not right. Check both and try again.");
});

test("the login form checks its fields before calling the server", async ({ page, loginPage }) => {
  let calls = 0;
  await page.route("**/api/login", async (route) => {
    calls += 1;
    await route.continue();
  });
  await loginPage.goto();
  await loginPage.signIn("not-an-email", "");
  await expect(page.locator("#email-error")).toHaveText("Enter a valid email address.");
  await expect(page.locator("#password-error")).toHaveText("Enter your password.");
  await expect(loginPage.email).toBeFocused();
  expect(calls).toBe(0);
});
