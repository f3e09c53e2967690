import { unstable_doesMiddlewareMatch as doesProxyMatch } from "next/experimental/testing/server";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { config, proxy } from "@/proxy";
import { setTestEnv, signUp } from "../support";

/** The session cookies of a fresh account, as a browser holds them. */
async function browserSession(): Promise<{ access: string; refresh: string }> {
  const { access, refresh } = await signUp();
  return { access, refresh };
}

function pageRequest(path: string, cookies: Record<string, string>, headers: Record<string, string> = {}): NextRequest {
  const cookie = Object.entries(cookies).map(([name, value]) => `${name}=${value}`).join("; ");
  return new NextRequest(`http://localhost:3000${path}`, { headers: { cookie, ...headers } });
}

const setCookies = (response: Response): string[] => response.headers.getSetCookie();

describe("proxy.ts", () => {
  it("lets a valid access cookie through without touching the cookies", async () => {
    const session = await browserSession();
    const res = await proxy(pageRequest("/dashboard", session));
    expect(res.headers.get("x-middleware-next")).toBe("1");
    expect(setCookies(res)).toEqual([]);
    expect(res.headers.get("content-security-policy")).toMatch(/script-src 'self' 'nonce-/);
  });

  it("rotates a missing access cookie silently, for this very request and for the browser", async () => {
    const session = await browserSession();
    const res = await proxy(pageRequest("/dashboard", { refresh: session.refresh }));
    const cookies = setCookies(res);
    expect(cookies.some((c) => c.startsWith("access=") && /HttpOnly/i.test(c) && /SameSite=lax/i.test(c))).toBe(true);
    const newRefresh = cookies.find((c) => c.startsWith("refresh="))?.split(";")[0]?.slice("refresh=".length);
    expect(newRefresh).toBeTruthy();
    expect(newRefresh).not.toBe(session.refresh);
    // The page rendering this request sees the rotated cookie, not the old state.
    expect(res.headers.get("x-middleware-request-cookie")).toContain(newRefresh);
  });

  // Next hides its own flight headers from the proxy unless skipProxyUrlNormalize is set (next.config.js);
  // e2e/proxy.spec.ts sends a router prefetch through the real server.
  it("does not rotate for a prefetch", async () => {
    const session = await browserSession();
    const res = await proxy(pageRequest("/dashboard", { refresh: session.refresh }, { "next-router-prefetch": "1" }));
    expect(setCookies(res)).toEqual([]);
  });

  it("converges when two tabs rotate the same cookie at once", async () => {
    const session = await browserSession();
    const [a, b] = await Promise.all([proxy(pageRequest("/dashboard", { refresh: session.refresh })), proxy(pageRequest("/", { refresh: session.refresh }))]);
    const refreshOf = (res: Response) => setCookies(res).find((c) => c.startsWith("refresh="))?.split(";")[0];
    expect(refreshOf(a)).toBeTruthy();
    expect(refreshOf(a)).toBe(refreshOf(b));
  });

  it("sends a dead session on a protected page to the login page and clears its cookies", async () => {
    setTestEnv({ REFRESH_REUSE_GRACE: "0" });
    const session = await browserSession();
    await proxy(pageRequest("/", { refresh: session.refresh }));
    await new Promise((r) => setTimeout(r, 5));
    const res = await proxy(pageRequest("/dashboard?tab=1", { refresh: session.refresh, access: "garbage" }));
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("http://localhost:3000/login?next=%2Fdashboard%3Ftab%3D1");
    expect(setCookies(res).some((c) => c.startsWith("refresh=;") || /refresh=; .*Max-Age=0/i.test(c))).toBe(true);
  });

  it("sends a router fetch of a protected page with a dead session to the login page, without Next's _rsc parameter", async () => {
    const res = await proxy(pageRequest("/dashboard?tab=1&_rsc=1a2b3", { access: "garbage" }, { rsc: "1" }));
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("http://localhost:3000/login?next=%2Fdashboard%3Ftab%3D1");
  });

  it("clears a dead session's cookies on a public page without redirecting", async () => {
    const res = await proxy(pageRequest("/", { access: "garbage", refresh: "also-garbage" }));
    expect(res.headers.get("x-middleware-next")).toBe("1");
    expect(setCookies(res).some((c) => /^access=;/.test(c))).toBe(true);
  });
});

describe("which requests the proxy sees (its matcher, as Next applies it)", () => {
  it.each([
    "/",
    "/dashboard",
    "/admin/users/abc.js",
    "/admin/users/abc.css",
    "/admin/users/abc.png",
    "/dashboard/x.map",
    "/login.woff2",
    "/admin/users/0b8f.svg",
    "/docs",
    "/_next/other",
  ])("every page path, whatever it ends with: %s", (url) => {
    expect(doesProxyMatch({ config, url })).toBe(true);
  });

  it.each(["/_next/static/chunks/app.js", "/_next/static/css/a.css", "/_next/image?url=%2Fa.png&w=64&q=75", "/favicon.ico", "/icon.svg", "/robots.txt", "/docs/assets/swagger-ui.css", "/api/login/", "/api", "/.well-known/jwks.json"])(
    "not static files, the API or the JWKS: %s",
    (url) => {
      expect(doesProxyMatch({ config, url })).toBe(false);
    },
  );
});
