import { expect, test } from "./fixtures";
import { expectNoAxeViolations } from "./support/axe";
import { addPasskeyOnDashboard, addVirtualAuthenticator, holdBackAutofill, PASSKEY_URL, passkeysPanel, sessionClaims } from "./support/passkeys";
import { nextCode } from "./support/authenticator";
import { pageHeaders } from "./support/session";
import { enrolElsewhere } from "./support/two-factors";
import { APP_URL } from "./servers";

test.use({ baseURL: PASSKEY_URL });

test("add a passkey on the dashboard, sign out, sign in with the button, rename and remove it", async ({ page, signUp, dashboardPage }) => {
  const authenticator = await addVirtualAuthenticator(page);
  await signUp();
  const recoveryCodes = await addPasskeyOnDashboard(page);
  expect(recoveryCodes.every((code) => /^[A-Z2-9]{5}-[A-Z2-9]{5}$/.test(code.trim()))).toBe(true);
  expect(await authenticator.credentialCount()).toBe(1);
  const row = passkeysPanel(page).getByRole("list", { name: "Your passkeys" }).getByRole("listitem");
  await expect(row).toContainText("not used yet");
  await expectNoAxeViolations(page, "the dashboard with a passkey");

  // Only the button's prompt may sign in here, not the autofill.
  const optionsRequests = await holdBackAutofill(page);
  await dashboardPage.signOut.click();
  await expect(page).toHaveURL(/\/login\?signed_out=1$/);
  await expect.poll(optionsRequests).toBe(1);
  await expect(page.getByLabel("Email", { exact: true })).toHaveAttribute("autocomplete", "username webauthn");
  await expectNoAxeViolations(page, "the sign-in page with passkeys");
  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  expect(optionsRequests()).toBe(2);
  await page.unrouteAll({ behavior: "ignoreErrors" });
  // A passkey with user verification is two factors in one: no second step.
  const claims = await sessionClaims(page);
  expect(claims.aal).toBe(2);
  expect(claims.amr).toContain("user");
  await expect(row).toContainText("last used");
  // "This wasn't me" says beforehand that the passkey goes too, for its addition and for a sign-in made with it.
  for (const [label, goes] of [
    ["Signed in with a passkey", "The passkey that signed in then goes too."],
    ["Passkey added", "The passkey added then goes too."],
  ] as const) {
    const event = dashboardPage.events.filter({ hasText: label });
    await event.getByRole("button", { name: /This wasn't me/ }).click();
    await expect(event.getByText(goes)).toBeVisible();
    await event.getByRole("button", { name: "Cancel" }).click();
  }

  const name = (await row.locator(".passkey-name").textContent())!;
  await row.getByRole("button", { name: `Rename ${name}` }).click();
  const field = row.getByLabel("New name");
  await expect(field).toBeFocused();
  await field.fill("Work laptop");
  await row.getByRole("button", { name: "Save name" }).click();
  await expect(passkeysPanel(page).getByText("Renamed the passkey to Work laptop")).toBeVisible();
  await expect(row.locator(".passkey-name")).toHaveText("Work laptop");
  await expect(row.getByRole("button", { name: "Rename Work laptop" })).toBeFocused();

  await row.getByRole("button", { name: "Remove Work laptop" }).click();
  await expect(row.getByRole("button", { name: "Yes, remove it" })).toBeFocused();
  await row.getByRole("button", { name: "Yes, remove it" }).click();
  await expect(passkeysPanel(page).getByText("You have no passkey yet.")).toBeVisible();
  await expect(passkeysPanel(page).getByRole("heading", { name: "Passkeys" })).toBeFocused();
  const listed = await page.request.get("/api/passkeys/", { headers: pageHeaders(PASSKEY_URL) });
  expect((await listed.json()) as unknown).toEqual({ passkeys: [] });
});

test("autofill on the email field signs in with the passkey, no email typed", async ({ page, signUp, dashboardPage }) => {
  await addVirtualAuthenticator(page);
  await signUp();
  await addPasskeyOnDashboard(page);
  await dashboardPage.signOut.click();
  // The sign-in page offers the passkey as autofill on its email field (conditional mediation); Chromium's
  // virtual authenticator picks it at once, as a person would from the field's suggestions.
  await expect(page).toHaveURL(/\/dashboard$/, { timeout: 30_000 });
  await expect(page.getByRole("region", { name: "Passkeys" }).getByRole("listitem")).toContainText("last used");
  expect((await sessionClaims(page)).aal).toBe(2);
});

test("a passkey as the second step after the password", async ({ page, signUp, user, loginPage, dashboardPage }) => {
  await addVirtualAuthenticator(page);
  await signUp();
  await addPasskeyOnDashboard(page);
  const optionsRequests = await holdBackAutofill(page);
  await dashboardPage.signOut.click();
  await expect(page).toHaveURL(/\/login\?signed_out=1$/);
  await loginPage.signIn(user.email, user.password);
  const second = page.getByRole("button", { name: "Use your passkey" });
  await expect(second).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign in with a passkey" })).toHaveCount(0);
  await expectNoAxeViolations(page, "the second step with a passkey");
  await second.click();
  await expect(page).toHaveURL(/\/dashboard$/);
  expect(optionsRequests()).toBe(2);
  const claims = await sessionClaims(page);
  expect(claims.aal).toBe(2);
  expect(claims.amr).toEqual(expect.arrayContaining(["pwd", "user"]));
});

test("removing a passkey from a password session asks for a step-up, done with the passkey", async ({ page, signUp }) => {
  await addVirtualAuthenticator(page);
  await signUp();
  await addPasskeyOnDashboard(page);
  // The session proved only the password; the passkey is now the account's second factor.
  expect((await sessionClaims(page)).aal).toBe(1);
  const row = passkeysPanel(page).getByRole("list", { name: "Your passkeys" }).getByRole("listitem");
  await row.getByRole("button", { name: /^Remove / }).click();
  await row.getByRole("button", { name: "Yes, remove it" }).click();
  const confirm = passkeysPanel(page).getByRole("button", { name: "Confirm with your passkey" });
  await expect(confirm).toBeVisible();
  await expectNoAxeViolations(page, "the passkeys panel's step-up");
  await confirm.click();
  await expect(passkeysPanel(page).getByText("You have no passkey yet.")).toBeVisible();
  expect((await sessionClaims(page)).aal).toBe(2);
});

test("an account with the app and a passkey: the second step leads with the passkey and still takes the app's code", async ({ page, signUp, loginPage }) => {
  await addVirtualAuthenticator(page);
  const user = await signUp();
  // The app set up from another session (confirming raises only that one): with the app on, adding a passkey
  // here asks for a step-up first; no passkey to offer yet, so the app's code leads.
  const app = await enrolElsewhere(PASSKEY_URL, user);
  await page.goto("/dashboard");
  const panel = passkeysPanel(page);
  await panel.getByRole("button", { name: "Add a passkey" }).click();
  const prompt = panel.getByRole("form", { name: "Confirm it is you" });
  await expect(prompt.getByLabel("Code from your authenticator app")).toBeFocused();
  await expect(prompt.getByRole("button", { name: /passkey/ })).toHaveCount(0);
  await prompt.getByRole("button", { name: "Use a recovery code instead" }).click();
  await prompt.getByLabel("Recovery code").fill(app.recoveryCodes.shift()!);
  await prompt.getByRole("button", { name: "Confirm" }).click();
  await expect(panel.getByRole("list", { name: "Your passkeys" }).getByRole("listitem")).toHaveCount(1);

  const optionsRequests = await holdBackAutofill(page);
  await page.getByRole("button", { name: /^(sign out|signing out…)$/i }).click();
  await expect(page).toHaveURL(/\/login\?signed_out=1$/);
  await loginPage.signIn(user.email, user.password);
  await expect(loginPage.secondStep.getByRole("button", { name: "Use your passkey" })).toBeFocused();
  await expect(loginPage.code).toHaveCount(0);
  await expect(loginPage.useRecoveryCode).toBeVisible();
  await expectNoAxeViolations(page, "the second step with the app and a passkey");
  await loginPage.secondStep.getByRole("button", { name: "Use the authenticator app instead" }).click();
  await expect(loginPage.code).toBeFocused();
  await loginPage.code.fill(nextCode(app));
  await loginPage.verify.click();
  await expect(page).toHaveURL(/\/dashboard$/);
  expect(optionsRequests()).toBe(1);
  const claims = await sessionClaims(page);
  expect(claims.aal).toBe(2);
  expect(claims.amr).toEqual(expect.arrayContaining(["pwd", "otp"]));
});

test("a passkey removed on the server but kept by the device: refused once, said, and the browser told to forget it", async ({ page, signUp, dashboardPage }) => {
  const authenticator = await addVirtualAuthenticator(page);
  await signUp();
  await addPasskeyOnDashboard(page);
  const row = passkeysPanel(page).getByRole("list", { name: "Your passkeys" }).getByRole("listitem");
  await row.getByRole("button", { name: /^Remove / }).click();
  await row.getByRole("button", { name: "Yes, remove it" }).click();
  await passkeysPanel(page).getByRole("button", { name: "Confirm with your passkey" }).click();
  await expect(passkeysPanel(page).getByText("You have no passkey yet.")).toBeVisible();
  expect(await authenticator.credentialCount()).toBe(1);

  const sent = { options: 0, verify: 0 };
  page.on("request", (request) => {
    const path = new URL(request.url()).pathname;
    if (path === "/api/passkeys/login/options/") sent.options += 1;
    if (path === "/api/passkeys/login/verify/") sent.verify += 1;
  });
  await dashboardPage.signOut.click();
  await expect(page).toHaveURL(/\/login\?signed_out=1$/);
  // The virtual authenticator answers the autofill at once with the stale passkey: the page says why it failed
  // and asks no more (before, it asked again at once, dozens of times a second, until the limit's 429).
  await expect(page.getByText("That passkey was not accepted.", { exact: false })).toBeVisible();
  // The server said the credential is unknown; the page signalled it (signalUnknownCredential) and the
  // authenticator forgot it.
  await expect.poll(authenticator.credentialCount).toBe(0);
  await page.waitForLoadState("networkidle");
  expect(sent).toEqual({ options: 1, verify: 1 });
  await expect(page.getByText(/too many attempts/i)).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Sign in with a passkey" })).toBeEnabled();
});

test.describe("at another address of the site than APP_URL's", () => {
  test.use({ baseURL: APP_URL });

  test("the Passkeys panel and the sign-in page name the address where passkeys work", async ({ page, signUp, dashboardPage }) => {
    // APP_URL is http://localhost:PORT; this page is at http://127.0.0.1:PORT, where the browser refuses passkeys.
    await signUp();
    await page.goto("/dashboard");
    const panel = passkeysPanel(page);
    await expect(panel).toContainText(`Open ${PASSKEY_URL} to add a passkey: passkeys belong to that address of the site.`);
    await expect(panel.getByRole("link", { name: PASSKEY_URL })).toHaveAttribute("href", `${PASSKEY_URL}/dashboard`);
    await expect(panel.getByRole("button", { name: "Add a passkey" })).toHaveCount(0);
    await expectNoAxeViolations(page, "the Passkeys panel at another address");

    // A browser without WebAuthn keeps the general sentence.
    const bare = await page.context().newPage();
    await bare.addInitScript(() => Reflect.deleteProperty(window, "PublicKeyCredential"));
    await bare.goto("/dashboard");
    await expect(passkeysPanel(bare)).toContainText("Passkeys cannot be added from this browser or at this address of the site.");
    await expect(passkeysPanel(bare).getByRole("link", { name: PASSKEY_URL })).toHaveCount(0);
    await bare.close();

    await dashboardPage.signOut.click();
    await expect(page).toHaveURL(/\/login\?signed_out=1$/);
    await expect(page.getByText(`Open ${PASSKEY_URL} to sign in with a passkey`)).toBeVisible();
    await expect(page.getByRole("link", { name: PASSKEY_URL })).toHaveAttribute("href", `${PASSKEY_URL}/login?signed_out=1`);
    await expect(page.getByRole("button", { name: "Sign in with a passkey" })).toHaveCount(0);
  });
});
