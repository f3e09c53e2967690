import { beforeAll, describe, expect, it } from "vitest";
import { OPTIONS as loginOptions, POST as login } from "@/app/api/login/route";
import { POST as logout } from "@/app/api/logout/route";
import { GET as me, OPTIONS as meOptions } from "@/app/api/me/route";
import { GET as jwks } from "@/app/.well-known/jwks.json/route";
import { getCookieNames } from "@/lib/auth/config";
import { getPrisma } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { UNSUPPORTED_METHOD_HEADER } from "@/lib/http/server-headers.mjs";
import { bearer, call, setTestEnv, signUp, type ErrorBody, type TokenBody } from "../support";

const app = "https://app.example.com";
const allowed = { CORS_ORIGINS: `${app}, http://localhost:5173` };

function preflight(handler: (request: Request) => Promise<Response>, path: string, origin: string, requestHeaders = "authorization, content-type"): Promise<{ status: number; headers: Headers }> {
  return call(handler, path, undefined, {
    method: "OPTIONS",
    headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": requestHeaders, "content-type": "" },
  });
}

beforeAll(async () => {
  await getPrisma();
});

describe("CORS_ORIGINS unset (the default)", () => {
  it("gives no other origin any permission: preflights get only Allow, answers no Access-Control headers", async () => {
    const pre = await preflight(loginOptions, "/api/login/", app);
    expect(pre.status).toBe(204);
    expect(pre.headers.get("allow")).toBe("POST");
    expect(pre.headers.get("access-control-allow-origin")).toBeNull();
    const user = await signUp();
    const res = await call(login, "/api/login/", { email: user.email, password: user.password }, { headers: { origin: app } });
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
    expect(res.headers.get("vary")).toBeNull();
  });
});

describe("CORS_ORIGINS set", () => {
  it("answers a preflight from an allowed origin with its methods and the Bearer headers, never credentials", async () => {
    setTestEnv(allowed);
    for (const origin of [app, "http://localhost:5173"]) {
      const pre = await preflight(loginOptions, "/api/login/", origin);
      expect(pre.status).toBe(204);
      expect(pre.headers.get("access-control-allow-origin")).toBe(origin);
      expect(pre.headers.get("access-control-allow-methods")).toBe("POST");
      expect(pre.headers.get("access-control-allow-headers")).toBe("Authorization, Content-Type");
      expect(pre.headers.get("access-control-max-age")).toBe("600");
      expect(pre.headers.get("access-control-allow-credentials")).toBeNull();
      expect(pre.headers.get("vary")).toBe("Origin");
    }
    const meRoute = await preflight(meOptions, "/api/me/", app);
    expect(meRoute.headers.get("access-control-allow-methods")).toBe("GET, HEAD");
  });

  it("gives an origin not on the list, or a look-alike, no permission", async () => {
    setTestEnv(allowed);
    for (const origin of ["https://evil.example.com", "https://app.example.com.evil.test", "http://app.example.com", "null"]) {
      const pre = await preflight(loginOptions, "/api/login/", origin);
      expect(pre.status).toBe(204);
      expect(pre.headers.get("access-control-allow-origin"), origin).toBeNull();
      // A refusal too depends on the Origin: a cache must not hand it to an allowed origin.
      expect(pre.headers.get("vary"), origin).toBe("Origin");
    }
  });

  it("lets an allowed origin read the answers of Bearer requests, errors included, and of a login", async () => {
    setTestEnv(allowed);
    const user = await signUp();
    const signedIn = await call<TokenBody>(login, "/api/login/", { email: user.email, password: user.password }, { headers: { origin: app } });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.access).toBeTruthy();
    expect(signedIn.headers.get("access-control-allow-origin")).toBe(app);
    expect(signedIn.headers.get("access-control-expose-headers")).toContain("Retry-After");
    expect(signedIn.headers.get("access-control-allow-credentials")).toBeNull();

    const profile = await call(me, "/api/me/", undefined, { method: "GET", headers: { origin: app, ...bearer(signedIn.body.access).headers } });
    expect(profile.status).toBe(200);
    expect(profile.headers.get("access-control-allow-origin")).toBe(app);
    expect(profile.headers.get("vary")).toContain("Origin");

    const refused = await call<ErrorBody>(me, "/api/me/", undefined, { method: "GET", headers: { origin: app, authorization: "Bearer not-a-token" } });
    expect(refused.status).toBe(401);
    expect(refused.headers.get("access-control-allow-origin")).toBe(app);

    const elsewhere = await call(me, "/api/me/", undefined, { method: "GET", headers: { origin: "https://evil.example.com", ...bearer(signedIn.body.access).headers } });
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("keeps cookie requests same-origin: an allowed origin riding on cookies is refused and gets no CORS header", async () => {
    setTestEnv(allowed);
    const user = await signUp();
    const names = getCookieNames(false);
    const cookie = `${names.access}=${user.access}; ${names.refresh}=${user.refresh}`;
    const cookieLogout = await call<ErrorBody>(logout, "/api/logout/", {}, { headers: { origin: app, cookie, "x-auth-transport": "cookie" } });
    expect(cookieLogout.status).toBe(403);
    expect(cookieLogout.body.code).toBe("csrf_failed");
    expect(cookieLogout.headers.get("access-control-allow-origin")).toBeNull();
    // The session survived the refused request.
    const stillThere = await call(me, "/api/me/", undefined, { method: "GET", ...bearer(user.access) });
    expect(stillThere.status).toBe(200);

    const cookieRead = await call(me, "/api/me/", undefined, { method: "GET", headers: { origin: app, cookie } });
    expect(cookieRead.headers.get("access-control-allow-origin")).toBeNull();
    expect(cookieRead.headers.get("access-control-allow-credentials")).toBeNull();

    // The cookie transport's header is not among those a preflight allows.
    const pre = await preflight(loginOptions, "/api/login/", app, "content-type, x-auth-transport");
    expect(pre.headers.get("access-control-allow-headers")).not.toMatch(/x-auth-transport/i);
  });

  it("still answers an unsupported method with 405, and the JWKS varies by origin", async () => {
    setTestEnv(allowed);
    const trace = await call<ErrorBody>(loginOptions, "/api/login/", undefined, { method: "OPTIONS", headers: { origin: app, [UNSUPPORTED_METHOD_HEADER]: "TRACE", "access-control-request-method": "POST" } });
    expect(trace.status).toBe(405);
    expect(trace.headers.get("vary")).toBe("Origin");
    const keys = await call(jwks, "/.well-known/jwks.json", undefined, { method: "GET", headers: { origin: app } });
    expect(keys.status).toBe(200);
    expect(keys.headers.get("access-control-allow-origin")).toBe(app);
    expect(keys.headers.get("vary")).toBe("Origin");
  });

  it("refuses to start with an entry that is not an origin, naming it", () => {
    setTestEnv({ CORS_ORIGINS: "https://app.example.com/, *" });
    expect(() => getEnv()).toThrow(/CORS_ORIGINS[\s\S]*"https:\/\/app.example.com\/" is not an origin[\s\S]*"\*" is not an origin/);
  });
});
