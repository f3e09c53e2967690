import { expect, type Page } from "@playwright/test";
import { readSessionCookies } from "./session";

/** Every POST /api/refresh the page sends from now on (the list grows as they happen). */
export function watchRenewals(page: Page): string[] {
  const renewals: string[] = [];
  page.on("request", (request) => {
    if (request.method() === "POST" && new URL(request.url()).pathname.replace(/\/$/, "") === "/api/refresh") renewals.push(request.url());
  });
  return renewals;
}

/**
 * A tab left open: waits until the browser has dropped the access cookie (its Max-Age is the access
 * token's lifetime), so the page's next action reaches the server with the refresh cookie alone.
 */
export async function waitForAccessCookieToExpire(page: Page, baseURL: string): Promise<void> {
  await expect
    .poll(async () => (await readSessionCookies(page.context(), baseURL)).access?.value ?? null, {
      message: "the access cookie outlives its lifetime",
      timeout: 15_000,
      intervals: [250],
    })
    .toBeNull();
}
