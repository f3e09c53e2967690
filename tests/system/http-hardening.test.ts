import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newCredentials, postJson, startServer, type RunningServer } from "./server";

describe("HTTP hardening on the production server", () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "auth-http-"));
  let server: RunningServer;
  let proxied: RunningServer;

  beforeAll(async () => {
    server = await startServer(3241, { DATABASE_URL: "pglite:memory", DATA_DIR: dataDir, RATE_LIMIT: "on" });
    proxied = await startServer(3242, { DATABASE_URL: "pglite:memory", DATA_DIR: dataDir, RATE_LIMIT: "on", TRUST_PROXY: "1" });
  });

  afterAll(async () => {
    await Promise.all([server?.stop(), proxied?.stop()]);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("API responses carry the security headers and a locked-down CSP", async () => {
    const res = await fetch(`${server.url}/api/login/`, { method: "GET" });
    expect(res.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    // Browsers ignore HSTS over plain HTTP, so it is sent always and takes effect behind TLS.
    expect(res.headers.get("strict-transport-security")).toContain("max-age=");
  });

  it("answers any path under /api that no route serves, /api itself included, with the JSON 404", async () => {
    for (const [method, target] of [["GET", "/api"], ["GET", "/api/"], ["POST", "/api/"], ["GET", "/api/no/such/thing/"]] as const) {
      const res = await fetch(`${server.url}${target}`, { method, headers: { "content-type": "application/json" }, body: method === "POST" ? "{}" : undefined });
      expect(res.status, `${method} ${target}`).toBe(404);
      expect(res.headers.get("content-type"), `${method} ${target}`).toContain("application/json");
      expect(await res.json()).toEqual({ detail: "No such endpoint.", code: "not_found" });
    }
  });

  it("static files get the common headers too", async () => {
    const html = await (await fetch(`${server.url}/login`)).text();
    const asset = /\/_next\/static\/[^"']+\.js/.exec(html)?.[0];
    expect(asset).toBeDefined();
    const res = await fetch(`${server.url}${asset}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
  });

  it("pages get a nonce CSP without unsafe-inline scripts, and the nonce is on Next's scripts", async () => {
    const res = await fetch(`${server.url}/login`);
    const csp = res.headers.get("content-security-policy") ?? "";
    const scriptSrc = csp.split(";").find((d) => d.trim().startsWith("script-src")) ?? "";
    expect(scriptSrc).toMatch(/'nonce-[A-Za-z0-9+/=]+'/);
    expect(scriptSrc).not.toContain("unsafe-inline");
    expect(csp).toContain("frame-ancestors 'none'");
    const nonce = /'nonce-([^']+)'/.exec(scriptSrc)?.[1];
    const html = await res.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
  });

  it("sets __Host- cookies behind a trusted HTTPS proxy", async () => {
    const res = await fetch(`${proxied.url}/api/login/`, { method: "GET", headers: { "x-forwarded-proto": "https" } });
    expect(res.headers.get("strict-transport-security")).toContain("max-age=");
    const creds = newCredentials("hsts");
    const reg = await postJson(`${proxied.url}/api/register/`, creds, {
      "x-forwarded-proto": "https",
      "x-auth-transport": "cookie",
      "sec-fetch-site": "same-origin",
    });
    expect(reg.status).toBe(201);
    expect(reg.body.access).toBeUndefined();
    const cookies = reg.headers.getSetCookie();
    expect(cookies.some((c) => c.startsWith("__Host-access=") && /HttpOnly/i.test(c) && /Secure/i.test(c) && /SameSite=lax/i.test(c) && /Path=\//.test(c))).toBe(true);
    expect(cookies.some((c) => c.startsWith("__Host-refresh="))).toBe(true);
  });

  it("refuses cookie-authenticated requests from another site", async () => {
    const creds = newCredentials("csrf");
    const reg = await postJson(`${server.url}/api/register/`, creds, { "x-auth-transport": "cookie", "sec-fetch-site": "same-origin" });
    const cookieHeader = reg.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    const crossSite = await postJson(`${server.url}/api/refresh/`, {}, { cookie: cookieHeader, "x-auth-transport": "cookie", "sec-fetch-site": "cross-site" });
    expect(crossSite.status).toBe(403);
    expect(crossSite.body.code).toBe("csrf_failed");
    const foreignOrigin = await postJson(`${server.url}/api/experiment/`, {}, { cookie: cookieHeader, origin: "https://evil.example" });
    expect(foreignOrigin.status).toBe(403);
    const sameSite = await postJson(`${server.url}/api/refresh/`, {}, { cookie: cookieHeader, "x-auth-transport": "cookie", "sec-fetch-site": "same-origin" });
    expect(sameSite.status).toBe(200);
    expect(sameSite.body).toEqual({});
  });

  it("ignores a client's X-Forwarded-For unless TRUST_PROXY says so", async () => {
    // 100 login attempts per IP per 15 minutes: a forged header must not buy a fresh budget.
    let last = 0;
    for (let i = 0; i < 101; i++) {
      const res = await postJson(`${server.url}/api/login/`, { email: `spoof-${i}@example.test`, password: "x" }, { "x-forwarded-for": `203.0.113.${i}` });
      last = res.status;
    }
    expect(last).toBe(429);
    // Behind one trusted proxy the address the proxy appended is the client.
    const behindProxy = await postJson(`${proxied.url}/api/login/`, { email: "someone@example.test", password: "x" }, { "x-forwarded-for": "198.51.100.7" });
    expect(behindProxy.status).toBe(401);
  });
  it("answers TRACE and every other method Next cannot serve with a JSON 405 and Allow", async () => {
    const cases: [string, string, string][] = [
      ["TRACE", "/api/login/", "POST"],
      ["TRACE", "/api/sessions/", "GET, HEAD"],
      ["PROPFIND", "/api/refresh", "POST"],
      ["TRACE", "/.well-known/jwks.json", "GET, HEAD"],
      ["TRACE", "/login", "GET, HEAD"],
      ["MKCOL", "/dashboard", "GET, HEAD"],
      // Pages serve GET and HEAD only: other methods never reach (or render) them.
      ["PUT", "/dashboard", "GET, HEAD"],
      ["DELETE", "/", "GET, HEAD"],
      ["POST", "/login", "GET, HEAD"],
    ];
    for (const [method, path, allow] of cases) {
      const res = await rawRequest(server.url, `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
      expect(res.status, `${method} ${path}`).toBe(405);
      expect(res.headers["content-type"]).toContain("application/json");
      expect(res.headers.allow).toBe(allow);
      expect(JSON.parse(res.body)).toEqual({ detail: "Method not allowed.", code: "method_not_allowed" });
    }
    const garbage = await rawRequest(server.url, "FOO /api/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    expect(garbage.status).toBe(400);
    expect(JSON.parse(garbage.body).code).toBe("invalid_request");
    expect(server.output()).not.toMatch(/server_error|unsupported|TypeError/);
  });

  it("ignores X-Forwarded-Proto and X-Forwarded-Host from a client when no proxy is trusted", async () => {
    const creds = newCredentials("proto");
    const reg = await postJson(`${server.url}/api/register/`, creds, {
      "x-forwarded-proto": "https",
      "x-forwarded-host": "evil.example",
      "x-auth-transport": "cookie",
      "sec-fetch-site": "same-origin",
    });
    expect(reg.status).toBe(201);
    const cookies = reg.headers.getSetCookie();
    expect(cookies.some((c) => c.startsWith("access="))).toBe(true);
    expect(cookies.some((c) => c.startsWith("__Host-") || /;\s*Secure/i.test(c))).toBe(false);
    const redirect = await fetch(`${server.url}/dashboard`, { redirect: "manual", headers: { "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" } });
    expect([303, 307]).toContain(redirect.status);
    expect(new URL(redirect.headers.get("location") ?? "", server.url).origin).toBe(server.url);
  });

  it("sends a signed-in visitor of /login only to a path on this site, whatever dot segments next holds", async () => {
    const reg = await postJson(`${server.url}/api/register/`, newCredentials("next"), { "x-auth-transport": "cookie", "sec-fetch-site": "same-origin" });
    const cookie = reg.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    for (const next of ["/.//evil.example/x", "/a/..//evil.example/x", "/%2e//evil.example", "/%2E%2E//evil.example", "/./\\evil.example"]) {
      const res = await fetch(`${server.url}/login?next=${encodeURIComponent(next)}`, { redirect: "manual", headers: { cookie } });
      expect(res.status, next).toBe(307);
      expect(new URL(res.headers.get("location") ?? "", server.url).origin, next).toBe(server.url);
    }
  });

  it("logs a client that aborts its request body as an aborted request, not a server error", async () => {
    const abortBody = (path: string) =>
      new Promise<void>((resolve, reject) => {
        const { hostname, port } = new URL(server.url);
        const socket = net.connect(Number(port), hostname, () => {
          socket.write(`POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"email":`);
          setTimeout(() => {
            socket.destroy();
            resolve();
          }, 200);
        });
        socket.on("error", reject);
      });
    await abortBody("/api/login/");
    await abortBody("/login");
    await waitFor(() => server.output().includes("[request_aborted]"));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(server.output()).toContain("[request_aborted] POST /api/login/");
    // A server error is logged as {"msg":"server_error",...} (JSON) or [server_error] (pretty).
    expect(server.output()).not.toContain("server_error");
    expect(server.output()).not.toContain("Error: aborted");
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
}

/** One raw HTTP/1.1 exchange (the request must close the connection), for methods fetch() refuses to send. */
function rawRequest(url: string, text: string): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => socket.write(text));
    let data = "";
    socket.on("data", (chunk) => (data += chunk.toString()));
    socket.on("end", () => {
      const end = data.indexOf("\r\n\r\n");
      const [statusLine, ...lines] = data.slice(0, end).split("\r\n");
      const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(":")).toLowerCase(), line.slice(line.indexOf(":") + 1).trim()]));
      let body = data.slice(end + 4);
      if (headers["transfer-encoding"] === "chunked") body = body.split("\r\n").filter((_, index) => index % 2 === 1).join("");
      resolve({ status: Number(statusLine?.split(" ")[1]), headers, body });
    });
    socket.on("error", reject);
    socket.setTimeout(5_000, () => reject(new Error("no answer")));
  });
}
