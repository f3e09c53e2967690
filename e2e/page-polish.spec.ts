import type { Locator, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { pageHeaders } from "./support/session";
import { chooseNewPassword } from "./support/reset-password";

/** Issue 18's page polish, each as a user would notice it. */

/** Left edges of the visible event times, rounded to the pixel. */
async function timeColumns(page: Page): Promise<number[]> {
  const times = page.getByRole("region", { name: "Recent security events" }).locator(".event-list").first().locator(".event-time");
  return times.evaluateAll((elements) => elements.map((element) => Math.round(element.getBoundingClientRect().left)));
}

const eventLabelled = (events: Locator, label: string): Locator => events.filter({ has: events.page().locator(".event-label", { hasText: new RegExp(`^${label}$`) }) });

test("the dashboard says \"Sign out\" only, offers \"This wasn't me\" where someone else could be behind it, and lines its times up", async ({
  page,
  appURL,
  signUp,
  outsider,
  dashboardPage,
}) => {
  const user = await signUp();
  // Another device signs in and out twice: "Signed in" and "Signed out" events, and a list longer than the first few.
  for (let round = 0; round < 2; round += 1) {
    expect((await outsider.post("/api/login", { headers: pageHeaders(appURL), data: { email: user.email, password: user.password } })).status()).toBe(200);
    expect((await outsider.post("/api/logout", { headers: pageHeaders(appURL), data: {} })).status()).toBe(205);
  }
  await dashboardPage.goto();
  const main = page.getByRole("main");
  await expect(dashboardPage.signOut).toBeVisible();
  await expect(main.getByText(/log ?out/i)).toHaveCount(0);
  await expect(main.getByRole("button", { name: /log ?out/i })).toHaveCount(0);

  const events = dashboardPage.events;
  const signedOut = eventLabelled(events, "Signed out").first();
  await expect(signedOut).toBeVisible();
  await expect(signedOut.getByRole("button", { name: /This wasn't me/ })).toHaveCount(0);
  const signedIn = eventLabelled(events, "Signed in with password").first();
  const notMe = signedIn.getByRole("button", { name: /This wasn't me/ });
  await notMe.click();
  await expect(page.getByRole("button", { name: "Sign out everywhere and reset my password" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("button", { name: "Sign out everywhere and reset my password" })).toHaveCount(0);
  await expect(notMe).toBeFocused();

  // The first few events show; the rest wait behind a control, after the forms in keyboard order.
  const panel = page.getByRole("region", { name: "Recent security events" });
  await expect(panel.locator(".event-list").first().locator(".event")).toHaveCount(5);
  await expect(panel.getByText(/^Show \d+ older events?$/)).toBeVisible();
  const formsFirst = await page.evaluate(() => {
    const changePassword = [...document.querySelectorAll("button")].find((button) => button.textContent === "Change password");
    const firstNotMe = document.querySelector("#events-title ~ .event-list button");
    return Boolean(changePassword && firstNotMe && changePassword.compareDocumentPosition(firstNotMe) & Node.DOCUMENT_POSITION_FOLLOWING);
  });
  expect(formsFirst).toBe(true);

  for (const size of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
    await page.setViewportSize(size);
    const lefts = await timeColumns(page);
    expect(lefts.length).toBe(5);
    expect(new Set(lefts).size, `times at ${size.width}px: ${lefts.join(", ")}`).toBe(1);
  }
});

test("an email change waiting for its code survives a reload", async ({ page, signUp, mailbox, dashboardPage }) => {
  const user = await signUp();
  const target = user.email.replace("@", "-new@");
  await dashboardPage.goto();
  const panel = page.getByRole("region", { name: "Email address" });
  await panel.getByLabel("New email address").fill(target);
  await panel.getByLabel("Your password").fill(user.password);
  await panel.getByRole("button", { name: "Send a code to the new address" }).click();
  await expect(panel.getByText(`We sent a 6-digit code to ${target}.`)).toBeVisible();

  await page.reload();
  await expect(panel.getByText(`We sent a 6-digit code to ${target}.`)).toBeVisible();
  await expect(panel.getByRole("timer")).toHaveText(/The code expires in \d+:\d\d\./);
  await panel.getByLabel("Code sent to the new address").fill(await mailbox.waitForOtp(target));
  await panel.getByRole("button", { name: "Confirm the new address" }).click();
  await expect(panel.getByRole("status")).toHaveText(`Your email address is now ${target}. Your other devices were signed out.`);
  await page.reload();
  await expect(panel.getByLabel("New email address")).toBeVisible();
});

test("correcting the address on /verify is a step with its own title", async ({ page, signUp, verifyPage }) => {
  await signUp({ verified: false });
  await verifyPage.goto();
  await expect(page.getByRole("heading", { level: 1, name: "Check your email" })).toBeVisible();
  await page.getByRole("button", { name: "Correct your email address" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Correct your email address" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name: "Check your email" })).toHaveCount(0);
  await page.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Check your email" })).toBeVisible();
});

test("the reset page says no code was sent when the cooldown held one back, states the password rules as /register does, and sign-in gets the address", async ({
  page,
  signUp,
  mailbox,
  loginPage,
}) => {
  const user = await signUp();
  await page.context().clearCookies();
  await page.goto("/register");
  const registerRules = await page.locator("#password-hint").textContent();

  await page.goto("/reset-password");
  await page.getByLabel("Email", { exact: true }).fill(user.email);
  await page.getByRole("button", { name: "Email me a code" }).click();
  await expect(page.getByRole("main").getByText(`If ${user.email} has an account, we emailed it a 6-digit code.`)).toBeVisible();
  expect(await page.locator("#password-hint").textContent()).toBe(registerRules);

  // Back and asked again at once: the cooldown sends nothing, and the page does not claim it did.
  await page.getByRole("button", { name: "Use a different email" }).click();
  await page.getByRole("button", { name: "Email me a code" }).click();
  await expect(page.getByRole("main").getByText(`If ${user.email} has an account, a code was emailed to it moments ago: enter that one.`)).toBeVisible();
  await expect(page.getByRole("main").getByText("we emailed it a 6-digit code")).toHaveCount(0);

  const password = "Saffron-Meadow-Kettle-58";
  await chooseNewPassword(page, await mailbox.waitForOtp(user.email, 2), password);
  await expect(loginPage.email).toHaveValue(user.email);
  await loginPage.password.fill(password);
  await loginPage.submit.click();
  await expect(page).toHaveURL(/\/dashboard$/);
});
