import { expect, test } from "./fixtures";
import { LoginPage } from "./pages/login-page";
import { adminServerOfThisFile } from "./support/admin-server";
import { expectNoAxeViolations } from "./support/axe";
import { addPasskeyOnDashboard, addVirtualAuthenticator, sessionClaims } from "./support/passkeys";

/**
 * A staff account whose only second factor is a passkey, on a server of its own (`npm run create-admin` made
 * the superuser), opened at localhost: WebAuthn refuses the 127.0.0.1 the admin server's helper names.
 */
const PORT = 3109 + Number(process.env.E2E_PORT_OFFSET ?? 0);
const ADMIN_URL = `http://localhost:${PORT}`;
const server = adminServerOfThisFile(PORT);

test.describe.configure({ timeout: 180_000 });
test.use({ baseURL: ADMIN_URL });

test("an admin whose only second factor is a passkey confirms the admin pages with it", async ({ page }) => {
  const { admin } = server();
  await addVirtualAuthenticator(page);
  await page.goto("/login");
  await new LoginPage(page).signIn(admin.email, admin.password);
  await expect(page).toHaveURL(/\/dashboard$/);
  await addPasskeyOnDashboard(page);
  // The passkey is the account's second factor now, but this session proved the password only.
  expect((await sessionClaims(page, ADMIN_URL)).aal).toBe(1);

  await page.goto("/admin");
  await expect(page).toHaveURL(/\/admin\/step-up\?next=%2Fadmin$/);
  await expect(page.getByRole("heading", { level: 1, name: "Confirm it is you" })).toBeVisible();
  const main = page.getByRole("main");
  const passkey = main.getByRole("button", { name: "Use your passkey" });
  await expect(passkey).toBeVisible();
  await expect(main.getByLabel("Code from your authenticator app")).toHaveCount(0);
  await expect(main).not.toContainText(/authenticator app/);
  await expect(main.getByRole("button", { name: "Use a recovery code instead" })).toBeVisible();
  await expectNoAxeViolations(page, "/admin/step-up with a passkey");

  await passkey.click();
  await expect(page).toHaveURL(`${ADMIN_URL}/admin`);
  await expect(page.getByRole("heading", { level: 1, name: "Users" })).toBeVisible();
  const claims = await sessionClaims(page, ADMIN_URL);
  expect(claims.aal).toBe(2);
  expect(claims.amr).toEqual(expect.arrayContaining(["pwd", "user"]));
});
