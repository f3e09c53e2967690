import { expect, test } from "./fixtures";
import { adminServerOfThisFile } from "./support/admin-server";
import { expectNoAxeViolations } from "./support/axe";
import { addPasskeyOnDashboard, addVirtualAuthenticator } from "./support/passkeys";
import { createVerifiedUser } from "./support/session";
import { createTestUser } from "./support/users";

/** An admin server of its own (e2e/admin.spec.ts and admin-passkey.spec.ts have their own too); the member's pages open at localhost, where passkeys work. */
const PORT = 3107 + Number(process.env.E2E_PORT_OFFSET ?? 0);
const ADMIN_URL = `http://127.0.0.1:${PORT}`;
const MEMBER_URL = `http://localhost:${PORT}`;
const server = adminServerOfThisFile(PORT);

test.describe.configure({ mode: "serial", timeout: 180_000 });
test.use({ baseURL: ADMIN_URL });

test("an admin sees a member's passkey and removes it after a confirmation naming it; the member's list no longer shows it", async ({ page, browser, mailbox }) => {
  const member = createTestUser();
  const context = await browser.newContext({ baseURL: MEMBER_URL });
  try {
    // The member adds a passkey on the dashboard with Chromium's virtual authenticator.
    const memberPage = await context.newPage();
    await addVirtualAuthenticator(memberPage);
    await createVerifiedUser(context.request, MEMBER_URL, mailbox, member);
    await addPasskeyOnDashboard(memberPage);
    const ownPanel = memberPage.getByRole("region", { name: "Passkeys" });
    const name = (await ownPanel.getByRole("list", { name: "Your passkeys" }).locator(".passkey-name").textContent())!.trim();

    await server().signInAdmin(page.request);
    await page.goto("/admin");
    await page.getByLabel("Search email or user name").fill(member.email);
    await page.getByRole("button", { name: "Search" }).click();
    await page.getByRole("link", { name: member.userName }).click();
    const panel = page.getByRole("region", { name: "Two-factor authentication" });
    const rows = panel.getByRole("list", { name: "Passkeys" }).getByRole("listitem");
    await expect(rows).toHaveCount(1);
    await expect(rows).toContainText(name);
    await expect(rows).toContainText(/Bound to one device · added .+ · not used yet/);
    await expectNoAxeViolations(page, "/admin/users/[id] with a passkey");

    // Removing asks first, naming the passkey; Escape steps back.
    const trigger = rows.getByRole("button", { name: `Remove the passkey ${name}` });
    await trigger.click();
    const confirm = panel.getByRole("group", { name: `Remove the passkey ${name}` });
    await expect(confirm).toContainText(`Remove the passkey ${name} of ${member.userName}?`);
    await expect(confirm.getByRole("button", { name: "Remove passkey", exact: true })).toBeFocused();
    await page.keyboard.press("Escape");
    await expect(confirm).toHaveCount(0);
    await expect(trigger).toBeFocused();
    await trigger.click();
    await confirm.getByRole("button", { name: "Remove passkey", exact: true }).click();
    await expect(page.getByRole("status").filter({ hasText: `Removed the passkey ${name}. ${member.userName} was emailed.` })).toBeFocused();
    await expect(rows).toHaveCount(0);
    await expect(panel).toContainText(/Passkeys\s*None/);
    await expect(page.getByRole("region", { name: "Audit events" }).getByRole("listitem").filter({ hasText: `Passkey removed by an admin (${server().admin.userName})` })).toHaveCount(1);

    // The member's list no longer shows it, and the email names it.
    await memberPage.reload();
    await expect(ownPanel.getByText("You have no passkey yet.")).toBeVisible();
    await expect
      .poll(async () => (await mailbox.messagesFor(member.email)).find((mail) => mail.subject === "An administrator removed a passkey from your account")?.text ?? "")
      .toContain(`An administrator removed the passkey named "${name}" from your account`);
  } finally {
    await context.close();
  }
});
