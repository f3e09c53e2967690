// The CSRF rule lives in handle(): every route handler, found by walking app/, refuses a cross-site
// request that rides on the browser's cookies, whatever it would do otherwise.
import { describe, expect, it } from "vitest";
import { POST as register } from "@/app/api/register/route";
import { settleBackground } from "@/lib/background";
import { getPrisma } from "@/lib/db/client";
import { bearer, call, newUser, signUp, type ErrorBody } from "../support";

type RouteModule = Record<string, unknown>;
const routeFiles = import.meta.glob<RouteModule>(["/app/**/route.ts", "/app/.well-known/**/route.ts"]);
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
/** Handlers that read no credential at all: they may answer anyone. */
const PUBLIC_ROUTES = new Set(["/.well-known/jwks.json", "/api/health", "/api/ready", "/api/openapi.json", "/docs/assets/[file]", "/api/passkeys/status"]);
/** A concrete path for routes with a dynamic segment that a handler reads from the URL. */
const SAMPLE_PATHS: Record<string, string> = { "/docs/assets/[file]/": "/docs/assets/swagger-ui.css" };

const crossSiteHeaders: Record<string, string>[] = [
  { "sec-fetch-site": "cross-site" },
  { "sec-fetch-site": "same-site" },
  { origin: "https://evil.example" },
  { origin: "null" },
  {},
];

function toPath(file: string): string {
  return `${file.replace(/^\/app/, "").replace(/\/route\.ts$/, "")}/`;
}

/** A signed-in browser: its cookies, as our pages would hold them. */
async function browserCookies(): Promise<string> {
  const res = await call(register, "/api/register/", newUser(), { headers: { "x-auth-transport": "cookie", "sec-fetch-site": "same-origin" } });
  expect(res.status).toBe(201);
  return res.headers.getSetCookie().map((cookie) => cookie.split(";")[0]).join("; ");
}

describe("one CSRF rule for every route handler", () => {
  it("finds every route handler", () => {
    expect(Object.keys(routeFiles).length).toBeGreaterThanOrEqual(13);
  });

  it.each(Object.keys(routeFiles))("%s refuses cross-site requests carrying the session cookies", async (file) => {
    const handlers = await routeFiles[file]!();
    const path = toPath(file);
    const cookie = await browserCookies();
    const agent = `csrf-${path}`;
    for (const method of METHODS) {
      const handler = handlers[method] as ((request: Request) => Promise<Response>) | undefined;
      if (!handler) continue;
      for (const extra of crossSiteHeaders) {
        for (const transport of [{ "x-auth-transport": "cookie" }, {}] as Record<string, string>[]) {
          const res = await call<ErrorBody>(handler, SAMPLE_PATHS[path] ?? path, method === "GET" ? undefined : {}, {
            method,
            headers: { cookie, "user-agent": agent, ...transport, ...extra },
          });
          const allow = res.headers.get("allow");
          if (res.status === 405) {
            // Methods the route does not implement answer 405 before any credential is read.
            expect(allow?.split(", ")).not.toContain(method);
          } else if (PUBLIC_ROUTES.has(path.replace(/\/$/, ""))) {
            expect(res.status, `${method} ${path}`).toBe(200);
          } else {
            expect(res.status, `${method} ${path} ${JSON.stringify(extra)}`).toBe(403);
            expect(res.body.code).toBe("csrf_failed");
          }
        }
      }
    }
    // Refused means refused: nothing was written on the way.
    await settleBackground();
    const prisma = await getPrisma();
    expect(await prisma.auditEvent.count({ where: { userAgent: agent } })).toBe(0);
    expect(await prisma.session.count({ where: { userAgent: agent } })).toBe(0);
  });

  it("lets the same request through from our own pages", async () => {
    const { POST: refresh } = await import("@/app/api/refresh/route");
    const cookie = await browserCookies();
    for (const sameOrigin of [{ "sec-fetch-site": "same-origin" }, { origin: "http://localhost:3000" }] as Record<string, string>[]) {
      const res = await call(refresh, "/api/refresh/", {}, { headers: { cookie, "x-auth-transport": "cookie", ...sameOrigin } });
      expect(res.status).toBe(200);
    }
  });

  it("does not apply to a bearer token, which a cross-site page cannot send", async () => {
    const { POST: experiment } = await import("@/app/api/experiment/route");
    const user = await signUp();
    const res = await call<ErrorBody>(experiment, "/api/experiment/", undefined, { headers: { ...bearer(user.access).headers, "sec-fetch-site": "cross-site" } });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe("email_not_verified");
  });
});
