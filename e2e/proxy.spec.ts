import { expect, test } from "./fixtures";
import { SHORT_LIFETIMES } from "./servers";
import { readSessionCookies } from "./support/session";

const pastGraceWindow = (SHORT_LIFETIMES.REFRESH_REUSE_GRACE + 1) * 1000;

/** What Next's router sends when it prefetches a route (segment-cache prefetch of the route tree). */
const ROUTER_PREFETCH = { rsc: "1", "next-router-prefetch": "1", "next-router-segment-prefetch": "/_tree" };

test("a router prefetch neither rotates nor spends the refresh cookie @short", async ({ page, playwright, outsider, appURL, signUp }) => {
  await signUp();
  const { refresh } = await readSessionCookies(page.context(), appURL);
  expect(refresh?.value).toBeTruthy();

  // Only the refresh cookie, as a browser holds it once the access cookie has expired.
  const browser = await playwright.request.newContext({ baseURL: appURL, extraHTTPHeaders: { cookie: `refresh=${refresh?.value}` } });
  try {
    const prefetch = await browser.get("/dashboard?_rsc=1a2b3", { headers: ROUTER_PREFETCH, maxRedirects: 0 });
    expect(prefetch.status()).toBeLessThan(500);
    const setCookies = prefetch.headersArray().filter((header) => header.name.toLowerCase() === "set-cookie");
    expect(setCookies.map((header) => header.value.split("=")[0])).toEqual([]);

    // Past the grace window a spent token would be reuse (401, the session ended); an unspent one rotates.
    await page.waitForTimeout(pastGraceWindow);
    const renewed = await outsider.post("/api/refresh/", { data: { refresh: refresh?.value } });
    expect(renewed.status(), await renewed.text()).toBe(200);
  } finally {
    await browser.dispose();
  }
});
