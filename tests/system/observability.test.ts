import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations, pgTarget } from "../../lib/db/migrate";
import { extractOtp, startFakeResend, type FakeResend } from "../support/fake-resend";
import { skipUnless } from "../support/skip";
import { newCredentials, startServer, type RunningServer } from "./server";

const databaseUrl = process.env.TEST_DATABASE_URL;
const METRICS_TOKEN = "system-test-metrics-token-0123456789";
const RESEND_KEY = "re_system_test_key";

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  body: any;
  id: string;
}

/** One request on a new connection (no keep-alive), so the cluster's primary hands each to the next worker. */
function send(base: string, method: string, target: string, options: { body?: unknown; headers?: Record<string, string> } = {}): Promise<Answer> {
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  const headers = { ...(payload ? { "content-type": "application/json" } : {}), ...options.headers };
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}${target}`, { method, headers, agent: false, timeout: 20_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString();
        let body: unknown = null;
        try {
          body = JSON.parse(text);
        } catch {
          body = null;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body, id: String(res.headers["x-request-id"] ?? "") });
      });
    });
    req.on("timeout", () => req.destroy(new Error(`no answer for ${method} ${target}`)));
    req.on("error", reject);
    req.end(payload);
  });
}

/** The JSON request lines of a server's output (other lines, such as "> Ready", are plain text). */
function requestLines(output: string): Record<string, any>[] {
  return output
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, any>)
    .filter((entry) => entry.msg === "request");
}

function sample(text: string, series: string): number {
  const line = text.split("\n").find((each) => each.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

async function waitFor<T>(what: string, probe: () => T | undefined): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("request logs and metrics on two server processes (PostgreSQL)", skipUnless(Boolean(databaseUrl), "needs PostgreSQL: TEST_DATABASE_URL is unset"), () => {
  let server: RunningServer;
  let mail: FakeResend;

  beforeAll(async () => {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    await applyMigrations(pgTarget(client));
    await client.end();
    mail = await startFakeResend({ apiKey: RESEND_KEY });
    server = await startServer(4300, {
      DATABASE_URL: databaseUrl!,
      WEB_CONCURRENCY: "2",
      METRICS_TOKEN,
      RESEND_API_KEY: RESEND_KEY,
      RESEND_BASE_URL: mail.url,
      EMAIL_FROM: "Auth <auth@example.test>",
      RATE_LIMIT: "off",
      LOG_FORMAT: "",
    });
  });

  afterAll(async () => {
    await server?.stop();
    await mail?.close();
  });

  it("answers every request with an id and logs it in exactly one JSON line, never a password, code, token or cookie", async () => {
    const base = server.url;
    const creds = newCredentials("obs");
    // Where a line is: its route pattern, or the path (without the query) of a request no route serves.
    const expected: { id: string; method: string; where: { route: string } | { path: string }; status: number }[] = [];
    const secrets: string[] = [creds.password];
    const track = (answer: Answer, method: string, route: string | { path: string }): Answer => {
      expect(answer.id).toMatch(/^[0-9a-f-]{36}$/);
      expected.push({ id: answer.id, method, where: typeof route === "string" ? { route } : route, status: answer.status });
      return answer;
    };

    const registered = track(await send(base, "POST", "/api/register/", { body: creds }), "POST", "/api/register/");
    expect(registered.status).toBe(201);
    const otp = extractOtp(await waitFor("the verification email", () => mail.emails.find((each) => each.to.includes(creds.email))));
    const verified = track(
      await send(base, "POST", "/api/verify/", { body: { email: creds.email, otp }, headers: { authorization: `Bearer ${registered.body.access}` } }),
      "POST",
      "/api/verify/",
    );
    expect(verified.status).toBe(200);
    const signedIn = track(await send(base, "POST", "/api/login/", { body: { email: creds.email, password: creds.password } }), "POST", "/api/login/");
    expect(signedIn.status).toBe(200);
    const refreshed = track(await send(base, "POST", "/api/refresh/", { body: { refresh: signedIn.body.refresh } }), "POST", "/api/refresh/");
    expect(refreshed.status).toBe(200);
    const wrong = track(await send(base, "POST", "/api/login/", { body: { email: creds.email, password: `${creds.password}x` } }), "POST", "/api/login/");
    expect(wrong.status).toBe(401);
    secrets.push(`${creds.password}x`, otp);

    // The pages' transport: tokens in cookies, a page rendered with them, a cookie refresh.
    const page = { "x-auth-transport": "cookie", "sec-fetch-site": "same-origin", origin: base };
    const cookieLogin = track(await send(base, "POST", "/api/login/", { body: { email: creds.email, password: creds.password }, headers: page }), "POST", "/api/login/");
    expect(cookieLogin.status).toBe(200);
    const cookies = (cookieLogin.headers["set-cookie"] ?? []).map((cookie) => cookie.split(";")[0]!);
    // The session's two cookies, and the device cookie a successful sign-in leaves (a secret too).
    expect(cookies.map((cookie) => cookie.split("=")[0])).toEqual(expect.arrayContaining(["access", "refresh"]));
    const dashboard = track(await send(base, "GET", "/dashboard", { headers: { cookie: cookies.join("; ") } }), "GET", "/dashboard");
    expect(dashboard.status).toBe(200);
    const cookieRefresh = track(await send(base, "POST", "/api/refresh/", { body: {}, headers: { ...page, cookie: cookies.join("; ") } }), "POST", "/api/refresh/");
    expect(cookieRefresh.status).toBe(200);
    const rotatedCookies = (cookieRefresh.headers["set-cookie"] ?? []).map((cookie) => cookie.split(";")[0]!);

    // A token in a query string, and an id the client chose (ignored: no trusted proxy).
    const query = track(await send(base, "GET", `/api/no/such/thing?token=${signedIn.body.access}`, { headers: { "x-request-id": "client-chosen-id" } }), "GET", { path: "/api/no/such/thing" });
    expect(query.status).toBe(404);
    expect(query.id).not.toBe("client-chosen-id");

    for (const answer of [registered, verified, signedIn, refreshed]) {
      for (const key of ["access", "refresh"]) if (answer.body[key]) secrets.push(answer.body[key]);
    }
    for (const cookie of [...cookies, ...rotatedCookies]) secrets.push(cookie.slice(cookie.indexOf("=") + 1));
    expect(secrets.length).toBeGreaterThanOrEqual(14);

    // The line is written when the response ends, a moment after the client has it.
    await waitFor("the last request line", () => (requestLines(server.output()).some((line) => line.req_id === query.id) ? true : undefined));
    const output = server.output();
    for (const secret of secrets) {
      expect(output.includes(secret), `a secret of ${secret.length} characters appears in the log`).toBe(false);
      // A token's signature alone would do as much harm.
      if (secret.includes(".")) expect(output.includes(secret.split(".").at(-1)!)).toBe(false);
    }
    expect(output).not.toMatch(/authorization|set-cookie|"cookie"|client-chosen-id|token=/i);

    const lines = requestLines(output);
    for (const want of expected) {
      const mine = lines.filter((line) => line.req_id === want.id);
      expect(mine, `${want.method} ${JSON.stringify(want.where)}`).toHaveLength(1);
      expect(mine[0]).toMatchObject({ level: "info", method: want.method, ...want.where, status: want.status });
      // The catch-all that answers the JSON 404 is no route: such a line has a path, as the README says.
      if ("path" in want.where) expect(mine[0]).not.toHaveProperty("route");
      expect(mine[0]!.ms).toEqual(expect.any(Number));
      expect(mine[0]!.pid).toEqual(expect.any(Number));
    }
    expect(new Set(lines.filter((line) => expected.some((want) => want.id === line.req_id)).map((line) => line.pid)).size).toBe(2);

    // The security counters of this run, summed over both workers (a fresh server: nothing else signed in).
    const metrics = await send(base, "GET", "/api/metrics", { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(sample(metrics.text, `auth_sign_ins_total{result="ok"}`)).toBe(2);
    expect(sample(metrics.text, `auth_sign_ins_total{result="failed"}`)).toBe(1);
    expect(sample(metrics.text, "auth_refresh_rotations_total")).toBe(2);
    expect(sample(metrics.text, `auth_events_total{event="email_verified"}`)).toBe(1);
    expect(metrics.text.includes(creds.email)).toBe(false);
  });

  it("GET /api/metrics sums both workers, whichever of them answers the scrape", async () => {
    const scrape = () => send(server.url, "GET", "/api/metrics", { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    const health = "/api/health/";
    const series = `http_requests_total{method="GET",route="${health}",status="200"}`;
    const before = sample((await scrape()).text, series);
    // Workers listen with reusePort: the kernel spreads new connections by a hash, so which worker answers
    // is chance. Send until both have answered (at least 10 requests, at most 40), then scrape until both
    // have answered a scrape (at most 20): every scrape, from either worker, must hold the whole sum.
    const servedBy = (ids: string[]): Set<number> =>
      new Set(requestLines(server.output()).filter((line) => ids.includes(line.req_id)).map((line) => line.pid));
    const linesOf = async (ids: string[]): Promise<Set<number>> => {
      await waitFor("the request lines", () => (requestLines(server.output()).filter((line) => ids.includes(line.req_id)).length === ids.length ? true : undefined));
      return servedBy(ids);
    };
    const answers: Awaited<ReturnType<typeof send>>[] = [];
    while (answers.length < 10 || ((await linesOf(answers.map((a) => a.id))).size < 2 && answers.length < 40)) {
      answers.push(await send(server.url, "GET", health));
    }
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    expect((await linesOf(answers.map((a) => a.id))).size).toBe(2);

    const scrapes: Awaited<ReturnType<typeof send>>[] = [];
    while (scrapes.length < 3 || ((await linesOf(scrapes.map((s) => s.id))).size < 2 && scrapes.length < 20)) {
      scrapes.push(await scrape());
    }
    expect((await linesOf(scrapes.map((s) => s.id))).size).toBe(2);
    for (const answer of scrapes) {
      expect(answer.status).toBe(200);
      expect(answer.headers["content-type"]).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(sample(answer.text, "app_server_processes")).toBe(2);
      expect(sample(answer.text, series) - before).toBe(answers.length);
      expect(sample(answer.text, `http_request_duration_seconds_count{method="GET",route="${health}",status="200"}`) - before).toBe(answers.length);
    }

    // Scrapes at once (several Prometheus servers, a dashboard): each gets the whole sum.
    const concurrent = await Promise.all(Array.from({ length: 12 }, scrape));
    for (const answer of concurrent) expect(sample(answer.text, "app_server_processes")).toBe(2);
    expect(server.output()).not.toContain("MaxListenersExceeded");

    expect((await send(server.url, "GET", "/api/metrics")).status).toBe(401);
    expect((await send(server.url, "GET", "/api/metrics", { headers: { authorization: "Bearer wrong-token-0123456789" } })).status).toBe(401);
  });
});

// One process needs no shared database: the embedded one, in memory.
describe("LOG_FORMAT=pretty behind a trusted proxy (one process)", () => {
  let server: RunningServer;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "auth-observability-"));

  beforeAll(async () => {
    server = await startServer(4301, { DATABASE_URL: "pglite:memory", DATA_DIR: dataDir, WEB_CONCURRENCY: "1", LOG_FORMAT: "pretty", TRUST_PROXY: "1", METRICS_TOKEN: "" });
  });

  afterAll(async () => {
    await server?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("keeps the proxy's sane request id, replaces an unsafe one, and writes readable lines", async () => {
    const kept = await send(server.url, "GET", "/api/health/?x=1", { headers: { "x-request-id": "proxy-id-0042" } });
    expect(kept.id).toBe("proxy-id-0042");
    const replaced = await send(server.url, "GET", "/api/health/", { headers: { "x-request-id": "two words" } });
    expect(replaced.id).toMatch(/^[0-9a-f-]{36}$/);
    const line = await waitFor("the pretty line", () => server.output().split("\n").find((each) => each.includes("req=proxy-id-0042")));
    expect(line).toMatch(/^\d\d:\d\d:\d\d\.\d{3} GET \/api\/health\/ 200 [\d.]+ ms req=proxy-id-0042 pid=\d+$/);
    expect(server.output()).not.toMatch(/^\{/m);
  });

  it("has no metrics endpoint while METRICS_TOKEN is unset", async () => {
    const res = await send(server.url, "GET", "/api/metrics", { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ detail: "Not found.", code: "not_found" });
  });
});
