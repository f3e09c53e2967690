import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";

/**
 * Everything that would mean /docs is broken under the page CSP, or reaches outside our origin. CSP refusals
 * are not console API calls, so the page's own securitypolicyviolation events are recorded too.
 */
async function watchPage(page: Page, appURL: string): Promise<{ problems: string[]; cspViolations: () => Promise<string[]> }> {
  const problems: string[] = [];
  const origin = new URL(appURL).origin;
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener("securitypolicyviolation", (event) => seen.push(`${event.effectiveDirective} blocked ${event.blockedURI || "inline"}`));
  });
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) problems.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.protocol.startsWith("http") && url.origin !== origin) problems.push(`outside request: ${request.url()}`);
  });
  const cspViolations = (): Promise<string[]> => page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);
  return { problems, cspViolations };
}

test("/docs lists every documented operation with its error codes and both transports, and tries one out, with no CSP violation and no outside request", async ({ page, appURL }) => {
  // swagger-ui is a 1.4 MB bundle rendering the whole document: slow on a busy two-core machine.
  test.slow();
  const { problems, cspViolations } = await watchPage(page, appURL);
  const document = (await (await page.request.get(`${appURL}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
  const operationCount = Object.values(document.paths).reduce((count, item) => count + Object.keys(item).length, 0);

  // Every page's footer leads there.
  await page.goto("/");
  await page.getByRole("contentinfo").getByRole("link", { name: "API reference" }).click();
  await expect(page).toHaveURL(/\/docs$/);
  await expect(page.getByRole("heading", { level: 1, name: "API reference" })).toBeVisible();
  await expect(page.locator(".opblock")).toHaveCount(operationCount);
  await expect(page.locator(".opblock-get").filter({ hasText: "/.well-known/jwks.json" })).toBeVisible();
  await expect(page.locator(".information-container")).toContainText("csrf_failed");

  const login = page.locator(".opblock-post").filter({ hasText: "/api/login/" }).first();
  await expect(login).toContainText("Sign in");
  await login.locator(".opblock-summary").click();
  await expect(login.locator(".responses-table")).toContainText("authentication_failed");
  await expect(login.locator(".responses-table")).toContainText("rate_limited");
  await expect(login).toContainText("x-auth-transport");

  const health = page.locator(".opblock-get").filter({ hasText: "/api/health/" });
  await health.locator(".opblock-summary").click();
  await health.getByRole("button", { name: "Try it out" }).click();
  await health.getByRole("button", { name: "Execute" }).click();
  await expect(health.locator(".live-responses-table tbody .response-col_status").first()).toHaveText("200");
  await expect(health.locator(".live-responses-table tbody .response-col_description").first()).toContainText('"status": "ok"');

  await page.locator(".scheme-container").getByRole("button", { name: /Authorize/ }).click();
  const dialog = page.locator(".modal-ux");
  await expect(dialog).toContainText("bearerAuth");
  await expect(dialog).toContainText("cookieAuth");

  expect(await cspViolations()).toEqual([]);
  expect(problems).toEqual([]);
});

test("/docs renders its operations on every load, at both sizes, with no page error", async ({ page }) => {
  test.slow();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  for (let load = 1; load <= 20; load += 1) {
    await page.setViewportSize(load % 2 === 0 ? { width: 390, height: 844 } : { width: 1280, height: 800 });
    await page.goto("/docs");
    // Generous: a 1.4 MB bundle rendering the whole document, on a busy machine (a blank load never renders).
    // .first(): "/api/login/mfa/" also contains "/api/login/"; the sign-in's own operation comes first.
    await expect(page.locator(".opblock-post").filter({ hasText: "/api/login/" }).first(), `load ${load}`).toBeVisible({ timeout: 30_000 });
    await expect(page.getByRole("heading", { level: 1, name: "API reference" })).toBeVisible();
  }
  expect(errors).toEqual([]);
});
