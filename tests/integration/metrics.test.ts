import { describe, expect, it } from "vitest";
import { POST as login } from "@/app/api/login/route";
import { GET as metrics, POST as metricsPost } from "@/app/api/metrics/route";
import { POST as refresh } from "@/app/api/refresh/route";
import { POST as resend } from "@/app/api/verify/resend/route";
import { settleBackground } from "@/lib/background";
import { call, getFakeResend, setTestEnv, signUp, type ErrorBody, type TokenBody } from "../support";

const TOKEN = "metrics-token-for-the-tests-0123456789";
const withToken = (token: string) => ({ method: "GET", headers: { authorization: `Bearer ${token}` } });

/** The value of one sample in Prometheus text, 0 when the series does not exist yet. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  for (const line of text.split("\n")) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = match[2] ? match[2].split(",") : [];
    if (have.length === wanted.length && wanted.every((pair) => have.includes(pair))) return Number(match[3]);
  }
  return 0;
}

async function scrape(): Promise<string> {
  await settleBackground();
  const res = await call(metrics, "/api/metrics", undefined, withToken(TOKEN));
  expect(res.status, res.text).toBe(200);
  return res.text;
}

describe("GET /api/metrics", () => {
  it("does not exist (404 not_found) while METRICS_TOKEN is unset, even with a token", async () => {
    setTestEnv({ METRICS_TOKEN: undefined });
    for (const init of [{ method: "GET" }, withToken(TOKEN)]) {
      const res = await call<ErrorBody>(metrics, "/api/metrics", undefined, init);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ detail: "Not found.", code: "not_found" });
    }
  });

  it("refuses a missing or wrong token with 401, and a token sent as a query parameter", async () => {
    setTestEnv({ METRICS_TOKEN: TOKEN });
    const missing = await call<ErrorBody>(metrics, "/api/metrics", undefined, { method: "GET" });
    expect(missing.status).toBe(401);
    expect(missing.body.code).toBe("not_authenticated");
    expect(missing.headers.get("www-authenticate")).toContain("Bearer");
    for (const wrong of [`${TOKEN}x`, TOKEN.slice(0, -1), "short"]) {
      const res = await call<ErrorBody>(metrics, "/api/metrics", undefined, withToken(wrong));
      expect(res.status).toBe(401);
      expect(res.body.code).toBe("token_not_valid");
      expect(res.text).not.toContain("http_requests_total");
    }
    const inQuery = await call<ErrorBody>(metrics, `/api/metrics?token=${TOKEN}`, undefined, { method: "GET" });
    expect(inQuery.status).toBe(401);
    expect((await call(metricsPost, "/api/metrics", undefined, withToken(TOKEN))).status).toBe(405);
  });

  it("answers the Prometheus text format with the right token, uncached", async () => {
    setTestEnv({ METRICS_TOKEN: TOKEN });
    const res = await call(metrics, "/api/metrics", undefined, withToken(TOKEN));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.headers.get("cache-control")).toBe("no-store");
    for (const name of ["http_requests_total", "http_request_duration_seconds", "auth_sign_ins_total", "auth_refresh_rotations_total", "auth_refresh_reuse_detected_total", "auth_rate_limit_refusals_total", "auth_email_failures_total"]) {
      expect(res.text).toContain(`# TYPE ${name} `);
    }
    expect(sample(res.text, "app_server_processes")).toBe(1);
  });

  it("counts sign-ins ok and failed, rotations, reuse detections, rate-limit refusals and email failures", async () => {
    setTestEnv({ METRICS_TOKEN: TOKEN, REFRESH_REUSE_GRACE: "0" });
    const before = await scrape();
    const user = await signUp();

    expect((await call(login, "/api/login/", { email: user.email, password: "Wrong-password-1" })).status).toBe(401);
    const signedIn = await call<TokenBody>(login, "/api/login/", { email: user.email, password: user.password });
    expect(signedIn.status).toBe(200);
    const rotated = await call<TokenBody>(refresh, "/api/refresh/", { refresh: signedIn.body.refresh });
    expect(rotated.status).toBe(200);
    // The used token again, past the (zero) grace window: reuse, and the session ends.
    expect((await call(refresh, "/api/refresh/", { refresh: signedIn.body.refresh })).status).toBe(401);
    // Registration just sent a code: another one so soon is refused by the cooldown.
    expect((await call<ErrorBody>(resend, "/api/verify/resend/", { email: user.email })).body.code).toBe("otp_cooldown");
    getFakeResend().setMode("fail");
    setTestEnv({ METRICS_TOKEN: TOKEN, OTP_RESEND_COOLDOWN: "0" });
    expect((await call(resend, "/api/verify/resend/", { email: user.email })).status).toBe(200);

    const after = await scrape();
    const delta = (name: string, labels?: Record<string, string>) => sample(after, name, labels) - sample(before, name, labels);
    expect(delta("auth_sign_ins_total", { result: "ok" })).toBe(1);
    expect(delta("auth_sign_ins_total", { result: "failed" })).toBe(1);
    expect(delta("auth_refresh_rotations_total")).toBe(1);
    expect(delta("auth_refresh_reuse_detected_total")).toBe(1);
    expect(delta("auth_rate_limit_refusals_total", { code: "otp_cooldown" })).toBe(1);
    expect(delta("auth_email_failures_total")).toBe(1);
    expect(delta("auth_events_total", { event: "user_registered" })).toBe(1);
    // Three password hashes and a failing provider: slow on a busy machine.
  }, 90_000);
});
