import { spawnSync } from "node:child_process";
import { describe, expect, it, vi } from "vitest";
import { handle } from "@/lib/http/handler";
import { chooseRequestId, getLogger, prettyLine } from "./log.mjs";
import { createRouteMatcher, pathOf } from "./routes.mjs";

// The shape of Next's routes-manifest.json (static pages and route handlers, then dynamic ones by regex).
const manifest = {
  staticRoutes: [{ page: "/" }, { page: "/_not-found" }, { page: "/api/login" }, { page: "/api/sessions" }, { page: "/dashboard" }, { page: "/.well-known/jwks.json" }],
  dynamicRoutes: [
    { page: "/api/sessions/[id]", regex: "^/api/sessions/([^/]+?)(?:/)?$" },
    { page: "/api/[[...path]]", regex: "^/api(?:/(.+?))?(?:/)?$" },
  ],
};

describe("route patterns for logs and metrics", () => {
  const match = createRouteMatcher(manifest);

  it("names API routes as documented (trailing slash) and pages by their path, with or without the slash", () => {
    expect(match("/api/login")).toBe("/api/login/");
    expect(match("/api/login/")).toBe("/api/login/");
    expect(match("/dashboard")).toBe("/dashboard");
    expect(match("/")).toBe("/");
    expect(match("/.well-known/jwks.json")).toBe("/.well-known/jwks.json");
  });

  it("never puts an id or a client's path into a label", () => {
    expect(match("/api/sessions/5b0c6a52-7f7e-4c5e-9a52-3f1d0d3bba11/")).toBe("/api/sessions/[id]/");
    // The catch-all only answers the JSON 404: such a path is unmatched, logged by its path as the README says.
    expect(match("/api/no/such/thing")).toBeNull();
    expect(match("/api")).toBeNull();
    expect(match("/_next/static/chunks/app.js")).toBe("/_next/*");
    expect(match("/nothing-here")).toBeNull();
    expect(match("/_not-found")).toBeNull();
  });

  it("works without a manifest (everything unmatched)", () => {
    expect(createRouteMatcher(null)("/api/login/")).toBeNull();
  });

  it("drops the query string, where a token could be", () => {
    expect(pathOf("/reset-password?email=a%40b.co&token=secret")).toBe("/reset-password");
    expect(pathOf("http://example.test/api/login/?x=1")).toBe("/api/login/");
    expect(pathOf(undefined)).toBe("/");
  });
});

describe("request ids", () => {
  it("keeps a sane id from a trusted proxy, and makes a new one otherwise", () => {
    expect(chooseRequestId("abc-123", true)).toBe("abc-123");
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(chooseRequestId("abc-123", false)).toMatch(uuid);
    for (const insane of ["", "a b", "x\n{\"level\":\"error\"}", "é", "a".repeat(129), ["a", "b"]]) expect(chooseRequestId(insane, true)).toMatch(uuid);
    expect(chooseRequestId(undefined, true)).not.toBe(chooseRequestId(undefined, true));
  });
});

describe("LOG_FORMAT=pretty", () => {
  it("writes one short line per request and the stack of an error", () => {
    const request = { level: "info", time: "2026-12-01T10:11:12.345Z", pid: 7, msg: "request", req_id: "r1", method: "GET", route: "/api/me/", status: 200, ms: 3.2 };
    expect(prettyLine(request)).toBe("10:11:12.345 GET /api/me/ 200 3.2 ms req=r1 pid=7\n");
    const error = { level: "error", time: "2026-12-01T10:11:12.345Z", pid: 7, msg: "server_error", req_id: "r2", err: { message: "boom", stack: "Error: boom\n    at x" } };
    expect(prettyLine(error)).toBe("10:11:12.345 [server_error] req=r2 pid=7 Error: boom\n    at x\n");
  });
});

describe("the request line (scripts/server.mjs's hook, run in a child process)", () => {
  // A fake request/response pair: trackRequest needs only these members.
  const script = `
    import { EventEmitter } from "node:events";
    import { trackRequest } from "./http.mjs";
    import { getMetrics } from "./metrics.mjs";
    const headers = { "x-request-id": "from-client", authorization: "Bearer SECRET-ACCESS", cookie: "refresh=SECRET-COOKIE" };
    const req = { method: "POST", url: "/api/sessions/1234/?token=SECRET-QUERY", headers };
    const sent = {};
    const res = Object.assign(new EventEmitter(), { setHeader: (k, v) => (sent[k] = v), headersSent: true, statusCode: 204, writableFinished: true });
    const id = trackRequest(req, res, { trustsProxy: process.env.TRUST === "1", matchRoute: (p) => (p.startsWith("/api/sessions/") ? "/api/sessions/[id]/" : null) });
    res.emit("close");
    const left = Object.assign(new EventEmitter(), { setHeader() {}, headersSent: false, statusCode: 200, writableFinished: false });
    trackRequest({ method: "BREW", url: "/no/such?q=SECRET-QUERY", headers: {} }, left, { trustsProxy: false, matchRoute: () => null });
    left.emit("close");
    const json = await getMetrics().registry.getMetricsAsJSON();
    const count = json.find((m) => m.name === "http_requests_total").values;
    console.error(JSON.stringify({ id, header: sent["X-Request-Id"], appSees: headers["x-request-id"], count }));
  `;
  /** The child's standard output (the log lines) and its report on standard error. */
  const run = (trust: boolean, logLevel = "info"): { stdout: string; report: Record<string, any> } => {
    const child = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
      cwd: import.meta.dirname,
      env: { ...process.env, TRUST: trust ? "1" : "0", LOG_FORMAT: "json", LOG_LEVEL: logLevel },
      encoding: "utf8",
    });
    expect(child.status, child.stderr).toBe(0);
    return { stdout: child.stdout, report: JSON.parse(child.stderr.trim()) };
  };

  it("logs method, route pattern, status, latency, pid and id as one JSON object a line; no header, query or body", () => {
    const { stdout } = run(false);
    expect(stdout).not.toMatch(/SECRET/);
    const lines = stdout.trim().split("\n").map((line) => JSON.parse(line));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ level: "info", msg: "request", method: "POST", route: "/api/sessions/[id]/", status: 204, pid: expect.any(Number) });
    expect(lines[0].req_id).not.toBe("from-client");
    expect(lines[0].ms).toBeGreaterThanOrEqual(0);
    expect(typeof lines[0].time).toBe("string");
    // A client that left before any answer: nginx's 499, and its path (never the query) since no route matched.
    expect(lines[1]).toMatchObject({ method: "BREW", path: "/no/such", status: 499, aborted: true });
    expect(Object.keys(lines[0]).sort()).toEqual(["level", "method", "ms", "msg", "pid", "req_id", "route", "status", "time"]);
  });

  it("sends the id back and hands it to the app; a trusted proxy's id is kept", () => {
    const silent = run(false, "silent");
    expect(silent.stdout).toBe("");
    const untrusted = silent.report;
    expect(untrusted.header).toBe(untrusted.id);
    expect(untrusted.appSees).toBe(untrusted.id);
    expect(untrusted.id).not.toBe("from-client");
    expect(untrusted.count).toEqual(
      expect.arrayContaining([
        { value: 1, labels: { method: "POST", route: "/api/sessions/[id]/", status: "204" } },
        { value: 1, labels: { method: "OTHER", route: "unmatched", status: "499" } },
      ]),
    );
    expect(run(true, "silent").report.id).toBe("from-client");
  });
});

describe("server errors", () => {
  it("are logged with the request's id; the client gets the bare 500 shape", async () => {
    const logged = vi.spyOn(getLogger(), "error").mockImplementation(() => undefined);
    const cause = new Error("connection terminated unexpectedly");
    const route = handle(async () => Promise.reject(cause), { readsNoCredential: true });
    const res = await route(new Request("http://localhost/api/me/", { headers: { "x-request-id": "req-42" } }));
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ detail: "Something went wrong on our side. Try again later.", code: "server_error" });
    expect(logged).toHaveBeenCalledWith({ req_id: "req-42", err: cause }, "server_error");
    logged.mockRestore();
  });
});
