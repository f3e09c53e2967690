import { expect, test } from "./fixtures";
import { SHORT_LIFETIMES } from "./servers";
import { adminServerOfThisFile } from "./support/admin-server";
import { waitForAccessCookieToExpire, watchRenewals } from "./support/renewals";
import { createVerifiedUser } from "./support/session";
import { createTestUser } from "./support/users";

/** An admin page left open past the access token's lifetime: its actions renew the session once and go through. */
const PORT = 3106 + Number(process.env.E2E_PORT_OFFSET ?? 0);
const URL_ = `http://127.0.0.1:${PORT}`;
const server = adminServerOfThisFile(PORT, Object.fromEntries(Object.entries(SHORT_LIFETIMES).map(([key, value]) => [key, String(value)])));

test.describe.configure({ timeout: 120_000 });
test.use({ baseURL: URL_ });

test("an admin action on a page left open goes through after one quiet renewal @short", async ({ page, browser, mailbox }) => {
  const member = createTestUser();
  const memberContext = await browser.newContext({ baseURL: URL_ });
  try {
    await createVerifiedUser(memberContext.request, URL_, mailbox, member);
  } finally {
    await memberContext.close();
  }
  await server().signInAdmin(page.request);
  await page.goto("/admin");
  await page.getByLabel("Search email or user name").fill(member.email);
  await page.getByRole("button", { name: "Search" }).click();
  await page.getByRole("link", { name: member.userName }).click();
  await expect(page.getByRole("heading", { level: 1, name: member.userName })).toBeVisible();
  const renewals = watchRenewals(page);
  await waitForAccessCookieToExpire(page, URL_);

  await page.getByRole("button", { name: "Send password-reset code" }).click();

  await expect(page.getByRole("status").filter({ hasText: `Password-reset code sent to ${member.email}.` })).toBeVisible();
  await expect(page.getByRole("main").getByRole("alert")).toHaveCount(0);
  expect(renewals).toHaveLength(1);
});
