import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { pageHeaders } from "./support/session";

async function expectNoSidewaysScroll(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await expect(page.locator("h1")).toBeVisible();
  const widths = await page.evaluate(() => ({ content: document.documentElement.scrollWidth, viewport: window.innerWidth }));
  expect(widths.content, `${path} fits ${widths.viewport}px`).toBeLessThanOrEqual(widths.viewport);
}

test.describe("on a 360px-wide phone", () => {
  test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

  test("every page fits the screen without sideways scrolling", async ({ page, signUp, mailbox }) => {
    for (const path of ["/", "/register", "/login", "/no-such-page"]) await expectNoSidewaysScroll(page, path);
    const user = await signUp({ verified: false });
    await expectNoSidewaysScroll(page, "/verify");
    await expectNoSidewaysScroll(page, "/dashboard");
    await page.request.post("/api/verify", {
      headers: pageHeaders(page.url()),
      data: { email: user.email, otp: await mailbox.waitForOtp(user.email) },
    });
    await expectNoSidewaysScroll(page, "/dashboard");
    await expect(page.getByRole("heading", { name: "Active sessions" })).toBeVisible();
  });
});
