import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "./server";

const METRICS_TOKEN = "system-test-metrics-token-0123456789";

/** Paths whose % does not start a percent-encoded UTF-8 character (issue 17, finding 7). */
const API_PATHS = ["/api/%ZZ", "/api/sessions/%ZZ/", "/api/admin/users/%E0%A4%A/", "/api/admin/users/%ZZ/sessions/", "/.well-known/%ZZ"];
const PAGE_PATHS = ["/docs/assets/%", "/admin/users/%ZZ", "/%ZZ", "/dashboard%C0"];

describe("a path with a malformed percent-encoding", () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer(3263, { DATABASE_URL: "pglite:memory", RATE_LIMIT: "off", METRICS_TOKEN, LOG_FORMAT: "" });
  });

  afterAll(async () => {
    await server?.stop();
  });

  it("is a 400 in the error shape on the API, for every method", async () => {
    for (const path of API_PATHS) {
      for (const method of ["GET", "POST", "DELETE"]) {
        const res = await fetch(`${server.url}${path}`, { method });
        expect(res.status, `${method} ${path}`).toBe(400);
        expect(res.headers.get("content-type")).toBe("application/json");
        expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
        expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
        expect(await res.json()).toEqual({ detail: "The request path is not valid: a % sign must start a percent-encoded character.", code: "invalid_request" });
      }
    }
  });

  it("is a 400 page with the security headers on page paths", async () => {
    for (const path of PAGE_PATHS) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status, path).toBe(400);
      expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(await res.text()).toContain("<h1>This address is not valid</h1>");
    }
  });

  it("leaves valid encodings and queries alone", async () => {
    expect((await fetch(`${server.url}/api/sessions/%41/`, { method: "DELETE" })).status).toBe(401); // decodes: the route asks who you are
    expect((await fetch(`${server.url}/api/login/?next=%ZZ`)).status).toBe(405); // the query is the route's to read
    expect((await fetch(`${server.url}/docs/assets/swagger-ui.css`)).status).toBe(200);
    expect((await fetch(`${server.url}/docs/assets/swagger-ui%2Ecss`)).status).toBe(404);
  });

  it("is logged and counted as a 400, never as a server error", async () => {
    await fetch(`${server.url}/api/sessions/%ZZ/`);
    const line = server
      .output()
      .split("\n")
      .filter((each) => each.startsWith("{"))
      .map((each) => JSON.parse(each) as Record<string, unknown>)
      .find((entry) => entry.msg === "request" && entry.route === "/api/sessions/[id]/");
    expect(line).toMatchObject({ method: "GET", status: 400 });
    expect(server.output()).not.toContain('"status":500');
    const metrics = await (await fetch(`${server.url}/api/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
    expect(metrics).toMatch(/http_requests_total\{method="GET",route="\/api\/sessions\/\[id\]\/",status="400"\} [1-9]/);
    expect(metrics).not.toMatch(/status="5\d\d"/);
  });
});
