import type { Browser, BrowserContext, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { LoginPage } from "./pages/login-page";
import { adminServerOfThisFile } from "./support/admin-server";
import { expectNoAxeViolations } from "./support/axe";
import type { Mailbox } from "./support/mailbox";
import { createVerifiedUser, pageHeaders } from "./support/session";
import { enrolByApi } from "./support/two-factors";
import { wrongTotpCode } from "../tests/support/totp";
import { createTestUser, type TestUser } from "./support/users";

/** This file runs its own server, on a database `npm run create-admin` made a superuser in. */
const PORT = 3105 + Number(process.env.E2E_PORT_OFFSET ?? 0);
const ADMIN_URL = `http://127.0.0.1:${PORT}`;
const server = adminServerOfThisFile(PORT);

// Long journeys on a shared machine: each drives two browsers through several server round trips.
test.describe.configure({ mode: "serial", timeout: 180_000 });
test.use({ baseURL: ADMIN_URL });

/** A verified account signed in in a browser context of its own, showing its dashboard. */
async function signedInUser(browser: Browser, mailbox: Mailbox): Promise<{ user: TestUser; context: BrowserContext; page: Page }> {
  const user = createTestUser();
  const context = await browser.newContext({ baseURL: ADMIN_URL });
  await createVerifiedUser(context.request, ADMIN_URL, mailbox, user);
  const page = await context.newPage();
  await page.goto("/dashboard");
  await expect(page.getByRole("heading", { level: 1, name: `Hello, ${user.userName}` })).toBeVisible();
  return { user, context, page };
}

async function expectSignedOut(page: Page, notice?: string): Promise<void> {
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/login\?next=%2Fdashboard/);
  if (notice) await expect(page.getByRole("main").getByText(notice)).toBeVisible();
}

const DEACTIVATED = "An administrator deactivated your account, so you were signed out.";
const ENDED_BY_ADMIN = "An administrator signed you out. Sign in again to continue.";

test("the admin signs in, finds a user, deactivates them (their session stops), reactivates them and ends their sessions", async ({ page, browser, mailbox }) => {
  const member = await signedInUser(browser, mailbox);
  try {
    await page.goto("/admin");
    await expect(page).toHaveURL(/\/login\?next=%2Fadmin/);
    await new LoginPage(page).signIn(server().admin.email, server().admin.password);
    // Staff need two factors: an admin without one is sent to enrol on the dashboard first, and the API says why.
    await expect(page).toHaveURL(/\/dashboard\?enrol=staff#two-factor$/);
    await expect(page.getByRole("region", { name: "Two-factor authentication" }).getByText("the admin pages need two-factor authentication")).toBeVisible();
    await expect(page.getByRole("heading", { level: 2, name: "Two-factor authentication" })).toBeFocused();
    const refused = await page.request.get("/api/admin/users/", { headers: pageHeaders(ADMIN_URL) });
    expect(refused.status()).toBe(403);
    expect((await refused.json()).code).toBe("mfa_enrollment_required");
    // Enrolled from another browser (confirming the app raises only the session that confirms it, see
    // first-admin.spec.ts): this session proved only the password, so the admin pages ask for a code first.
    await server().enrolAdminElsewhere();
    await page.goto("/admin");
    await expect(page).toHaveURL(/\/admin\/step-up\?next=%2Fadmin$/);
    await expect(page.getByRole("heading", { level: 1, name: "Confirm it is you" })).toBeVisible();
    await expect(page.getByLabel("Code from your authenticator app")).toHaveAttribute("autocomplete", "one-time-code");
    await expectNoAxeViolations(page, "/admin/step-up");
    // A wrong code is refused on the page; the app's next code (computed with otpauth) raises this session to two factors.
    const proof = server().adminApp!.nextProof();
    if (!("code" in proof)) throw new Error("expected a code from the app");
    await page.getByLabel("Code from your authenticator app").fill(wrongTotpCode(server().adminApp!.secret));
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "That code is not right" })).toBeVisible();
    await page.getByLabel("Code from your authenticator app").fill(proof.code);
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page).toHaveURL(`${ADMIN_URL}/admin`);
    await expect(page.getByRole("heading", { level: 1, name: "Users" })).toBeVisible();

    await page.getByLabel("Search email or user name").fill(member.user.userName.toUpperCase());
    await page.getByLabel("Search email or user name").press("Enter");
    await expect(page).toHaveURL(new RegExp(`q=${member.user.userName.toUpperCase()}`));
    const rows = page.getByRole("table").getByRole("row");
    await expect(rows).toHaveCount(2);
    // User names as written, and on a phone the list fits: no sideways scrolling, the address on one line.
    const nameLink = page.getByRole("link", { name: member.user.userName });
    await expect(nameLink).toHaveCSS("text-transform", "none");
    await expectNoAxeViolations(page, "/admin");
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
    const address = page.getByRole("table").getByText(member.user.email);
    const lineTops = await address.evaluate((element) => [...element.getClientRects()].map((rect) => Math.round(rect.top)));
    expect(new Set(lineTops).size, `lines of the address: ${lineTops.join(", ")}`).toBe(1);
    await page.setViewportSize({ width: 1280, height: 800 });
    await nameLink.click();
    await expect(page.getByRole("heading", { level: 1, name: member.user.userName })).toBeVisible();
    const sessions = page.getByRole("region", { name: "Sessions" }).getByRole("listitem");
    await expect(sessions).toHaveCount(1);

    await expectNoAxeViolations(page, "/admin/users/[id]");
    // The audit list takes the page's width, as the sessions do.
    const grid = await page.locator(".dashboard-grid").boundingBox();
    const audit = await page.getByRole("region", { name: "Audit events" }).boundingBox();
    expect(Math.round(audit?.width ?? 0)).toBe(Math.round(grid?.width ?? -1));

    // Deactivating asks first; Escape steps back without doing anything.
    const deactivate = page.getByRole("button", { name: "Deactivate account…" });
    await deactivate.click();
    const confirmDeactivate = page.getByRole("group", { name: "Deactivate this account" });
    await expect(confirmDeactivate.getByRole("button", { name: "Deactivate", exact: true })).toBeFocused();
    await page.keyboard.press("Escape");
    await expect(confirmDeactivate).toHaveCount(0);
    await expect(deactivate).toBeFocused();
    await expect(page.getByRole("region", { name: "Profile" })).not.toContainText("Deactivated");
    await deactivate.click();
    await confirmDeactivate.getByRole("button", { name: "Deactivate", exact: true }).click();
    await expect(page.getByRole("status").filter({ hasText: "Account deactivated. Every session was ended." })).toBeFocused();
    await expect(page.getByRole("region", { name: "Profile" })).toContainText("Deactivated");
    await expect(sessions).toHaveCount(0);

    // The member's dashboard, still open, tries to change the password: it lands on the sign-in page, told why.
    await member.page.getByLabel("Current password").fill(member.user.password);
    await member.page.getByLabel("New password", { exact: true }).fill(`${member.user.password}-2nd`);
    await member.page.getByLabel("Confirm new password").fill(`${member.user.password}-2nd`);
    await member.page.getByRole("button", { name: "Change password" }).click();
    await expect(member.page).toHaveURL(/\/login\?next=%2Fdashboard&session_ended=deactivated$/);
    await expect(member.page.getByRole("main").getByText(DEACTIVATED)).toBeVisible();

    await page.getByRole("button", { name: "Reactivate account" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Account reactivated." })).toBeVisible();
    const memberLogin = new LoginPage(member.page);
    await memberLogin.signIn(member.user.email, member.user.password);
    await expect(member.page.getByRole("heading", { level: 1, name: `Hello, ${member.user.userName}` })).toBeVisible();

    await page.reload();
    await expect(sessions).toHaveCount(1);
    await page.getByRole("button", { name: "End all sessions" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Ended every session." })).toBeVisible();
    await expect(sessions).toHaveCount(0);
    await expectSignedOut(member.page, ENDED_BY_ADMIN);

    const events = page.getByRole("region", { name: "Audit events" }).getByRole("listitem");
    await expect(events.filter({ hasText: `Deactivated by an admin (${server().admin.userName})` })).toHaveCount(1);
    await expect(events.filter({ hasText: `All sessions ended by an admin (${server().admin.userName})` })).toHaveCount(1);
  } finally {
    await member.context.close();
  }
});

test("a superuser deletes an account only after typing its user name", async ({ page, browser, mailbox }) => {
  const member = await signedInUser(browser, mailbox);
  try {
    await server().signInAdmin(page.request);
    await page.goto("/admin");
    await page.getByLabel("Search email or user name").fill(member.user.email);
    await page.getByRole("button", { name: "Search" }).click();
    await page.getByRole("link", { name: member.user.userName }).click();
    await page.getByRole("button", { name: "Delete account…" }).click();
    const confirm = page.getByLabel(`Type the user name ${member.user.userName} to delete this account for good`);
    await expect(confirm).toBeFocused();
    const deleteButton = page.getByRole("button", { name: "Delete for good" });
    await confirm.fill("someone-else");
    await expect(deleteButton).toBeDisabled();
    await confirm.fill(member.user.userName);
    await deleteButton.click();
    await expect(page).toHaveURL(/\/admin\?deleted=1$/);
    await expect(page.getByRole("main").getByText("The account was deleted.")).toBeVisible();
    await expect(page.getByRole("main").getByText(member.user.email)).toHaveCount(0);
    await expectSignedOut(member.page);
  } finally {
    await member.context.close();
  }
});

test("an admin removes a locked-out member's second factors after confirming, and the member signs in with the password", async ({ page, browser, mailbox }) => {
  const member = await signedInUser(browser, mailbox);
  try {
    await enrolByApi(member.context.request, ADMIN_URL, member.user.password);
    await server().signInAdmin(page.request);
    await page.goto("/admin");
    await page.getByLabel("Search email or user name").fill(member.user.email);
    await page.getByRole("button", { name: "Search" }).click();
    await page.getByRole("link", { name: member.user.userName }).click();
    const panel = page.getByRole("region", { name: "Two-factor authentication" });
    await expect(panel).toContainText(/Authenticator app\s*On since/);
    await expect(panel).toContainText("10 remaining");
    await expectNoAxeViolations(page, "/admin/users/[id] with second factors");

    const trigger = panel.getByRole("button", { name: "Remove second factors…" });
    await trigger.click();
    const confirm = panel.getByRole("group", { name: "Remove the second factors" });
    await expect(confirm.getByRole("button", { name: "Remove second factors", exact: true })).toBeFocused();
    await page.keyboard.press("Escape");
    await expect(confirm).toHaveCount(0);
    await expect(trigger).toBeFocused();
    await trigger.click();
    await confirm.getByRole("button", { name: "Remove second factors", exact: true }).click();
    await expect(page.getByRole("status").filter({ hasText: `Second factors removed. ${member.user.userName} can sign in with the password alone` })).toBeFocused();
    await expect(panel).toContainText(/Authenticator app\s*Off/);
    await expect(panel).toContainText("None left");
    await expect(panel.getByRole("button", { name: /Remove second factors/ })).toHaveCount(0);
    await expect(page.getByRole("region", { name: "Audit events" }).getByRole("listitem").filter({ hasText: `Second factors removed by an admin (${server().admin.userName})` })).toHaveCount(1);

    // The member's next sign-in asks for the password only.
    const signIn = await member.context.request.post("/api/login/", { headers: pageHeaders(ADMIN_URL), data: { email: member.user.email, password: member.user.password } });
    expect(signIn.status(), await signIn.text()).toBe(200);
  } finally {
    await member.context.close();
  }
});

test("a signed-in non-staff user gets the ordinary 404 page and 403 from the API; the dashboard shows no admin link", async ({ page, signUp, appURL }) => {
  await signUp();
  await page.goto("/dashboard");
  await expect(page.getByRole("link", { name: /admin/i })).toHaveCount(0);
  const response = await page.goto("/admin");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
  const api = await page.request.get("/api/admin/users/", { headers: pageHeaders(appURL) });
  expect(api.status()).toBe(403);
  expect((await api.json()).code).toBe("forbidden");
});

test("the admin's dashboard links to the admin pages", async ({ page }) => {
  await server().signInAdmin(page.request);
  await page.goto("/dashboard");
  await page.getByRole("link", { name: "Admin: manage users" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Users" })).toBeVisible();
});

test("an admin page whose path ends in .js, .css or .png is still a page behind the proxy, with the page's nonce CSP", async ({ page }) => {
  await server().signInAdmin(page.request);
  await page.goto("/dashboard");
  await expect(page.getByRole("link", { name: "Admin: manage users" })).toBeVisible();
  for (const path of ["/admin/users/abc.js", "/admin/users/abc.css", "/admin/users/abc.png"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    const csp = response?.headers()["content-security-policy"] ?? "";
    expect(csp, path).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    expect(csp, path).toContain("frame-ancestors 'none'");
    // Every script the server wrote carries the header's nonce (the ones Next adds later are trusted through 'strict-dynamic').
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    const scripts = [...((await response?.text()) ?? "").matchAll(/<script\b[^>]*>/g)].map((match) => match[0]);
    expect(scripts.length, path).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag, path).toContain(`nonce="${nonce}"`);
  }
});
