import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { POST as experiment } from "@/app/api/experiment/route";
import { POST as login } from "@/app/api/login/route";
import { POST as logout } from "@/app/api/logout/route";
import { POST as passkeyLogin } from "@/app/api/passkeys/login/verify/route";
import { POST as confirmReset } from "@/app/api/password/reset/confirm/route";
import { POST as requestReset } from "@/app/api/password/reset/route";
import { POST as refresh } from "@/app/api/refresh/route";
import { POST as register } from "@/app/api/register/route";
import { POST as resend } from "@/app/api/verify/resend/route";
import { POST as verify } from "@/app/api/verify/route";
import { getPrisma } from "@/lib/db/client";
import { call, type ApiResponse, type ErrorBody } from "../support";

const endpoints = {
  "/api/register/": register,
  "/api/login/": login,
  "/api/verify/": verify,
  "/api/verify/resend/": resend,
  "/api/refresh/": refresh,
  "/api/logout/": logout,
  "/api/password/reset/": requestReset,
  "/api/password/reset/confirm/": confirmReset,
  "/api/passkeys/login/verify/": passkeyLogin,
} as const;

type Payload = { label: string; body?: unknown; raw?: BodyInit; contentType?: string };

const deep = (depth: number): string => "[".repeat(depth) + "]".repeat(depth);
const longString = "a".repeat(15_000);

const payloads: Payload[] = [
  { label: "malformed JSON", raw: '{"email": "a@b.co",' },
  { label: "deeply nested arrays", raw: deep(5000) },
  { label: "deeply nested objects", raw: '{"a":'.repeat(2000) + "1" + "}".repeat(2000) },
  { label: "a JSON array", body: [{ email: "a@b.co" }] },
  { label: "JSON null", raw: "null" },
  { label: "a JSON number", raw: "42" },
  { label: "an empty body", raw: "" },
  { label: "wrong types", body: { email: 12, user_name: ["x"], password: { a: 1 }, password2: null, otp: 123456, refresh: true } },
  { label: "missing fields", body: {} },
  { label: "extra fields", body: { email: "a@b.co", password: "x", is_superuser: true, is_verified: true } },
  { label: "__proto__ keys", raw: '{"email":"a@b.co","password":"x","__proto__":{"isAdmin":true},"constructor":{"prototype":{"x":1}}}' },
  { label: "a huge string", body: { email: `${longString}@b.co`, user_name: longString, password: longString, password2: longString, otp: longString, refresh: longString } },
  { label: "an oversized body", raw: JSON.stringify({ email: "a".repeat(40_000) }) },
  { label: "null bytes", body: { email: "a\u0000@b.co", user_name: "a\u0000b", password: "pass\u0000word1X", password2: "pass\u0000word1X", otp: "12\u00003456", refresh: "a\u0000b" } },
  { label: "right-to-left override and zero-width characters", body: { email: "ad\u202emin@b.co", user_name: "ad\u200bmin", password: "Sup3r-secret", password2: "Sup3r-secret", otp: "１２３４５６" } },
  { label: "fullwidth @ and combining marks", body: { email: "ｅｖｉｌ＠example.com", user_name: "e\u0301\u0301\u0301", password: "Sup3r-secret", password2: "Sup3r-secret" } },
  { label: "lone surrogates", raw: '{"email":"\\ud800@b.co","user_name":"\\udfff","password":"Sup3r-secret","password2":"Sup3r-secret"}' },
  { label: "invalid UTF-8", raw: new Uint8Array([0x7b, 0x22, 0x65, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]) },
  { label: "text/plain", body: { email: "a@b.co", password: "x" }, contentType: "text/plain" },
  { label: "a form body", raw: "email=a%40b.co&password=x", contentType: "application/x-www-form-urlencoded" },
  { label: "no content type", body: { email: "a@b.co", password: "x" }, contentType: "" },
];

async function countRows(): Promise<number[]> {
  const prisma = await getPrisma();
  return Promise.all([prisma.user.count(), prisma.session.count(), prisma.refreshToken.count(), prisma.otpChallenge.count()]);
}

/** `res.body` is unchecked here: the checks below are what make it an ErrorBody. */
function expectCleanRejection(res: ApiResponse<ErrorBody>): void {
  expect(res.status, res.text).toBeGreaterThanOrEqual(400);
  expect(res.status, res.text).toBeLessThan(500);
  expect(typeof res.body.detail).toBe("string");
  expect(typeof res.body.code).toBe("string");
  expect(res.text).not.toMatch(/\n\s+at |node_modules|Prisma|Error:/);
}

describe("hostile input", () => {
  for (const [path, handler] of Object.entries(endpoints)) {
    it.each(payloads)(`${path}: $label is a clean 4xx that writes nothing`, async (payload) => {
      const before = await countRows();
      const contentType = payload.contentType ?? "application/json";
      const headers: Record<string, string> = { "content-type": contentType };
      const res = await call<ErrorBody>(handler, path, payload.body, {
        headers,
        rawBody: payload.raw ?? (payload.body === undefined ? undefined : JSON.stringify(payload.body)),
      });
      if (!contentType) {
        // fetch's Request defaults a string body to text/plain: still refused.
        expect(res.status).toBe(415);
      }
      expectCleanRejection(res);
      expect(await countRows()).toEqual(before);
    });
  }

  it("a compressed body is 415, named as such, not read as bad JSON", async () => {
    const { gzipSync } = await import("node:zlib");
    const body = gzipSync(JSON.stringify({ email: "a@b.co", password: "x" }));
    const res = await call<ErrorBody>(login, "/api/login/", undefined, { rawBody: body, headers: { "content-encoding": "gzip" } });
    expect(res.status).toBe(415);
    expect(res.body).toEqual({ code: "unsupported_media_type", detail: "Send the request body as application/json, without Content-Encoding." });
    // "identity" is no encoding at all.
    const plain = await call<ErrorBody>(login, "/api/login/", { email: "nobody@example.test", password: "x" }, { headers: { "content-encoding": "identity" } });
    expect(plain.status).toBe(401);
  });

  it("oversized bodies are 413 even without a Content-Length", async () => {
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 20; i++) controller.enqueue(new TextEncoder().encode("a".repeat(1024)));
        controller.close();
      },
    });
    const res = await call(login, "/api/login/", undefined, { rawBody: stream });
    expect(res.status).toBe(413);
  });

  it("property: random JSON objects never cause a 5xx on any endpoint", async () => {
    const field = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 3 }), fc.object({ maxDepth: 2 }));
    const body = fc.dictionary(fc.constantFrom("email", "user_name", "password", "password2", "otp", "refresh", "__proto__", "x"), field, { maxKeys: 6 });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...Object.keys(endpoints)), body, async (path, input) => {
        const handler = endpoints[path as keyof typeof endpoints];
        const res = await call(handler, path, input);
        expect(res.status).toBeLessThan(500);
      }),
      { numRuns: 150 },
    );
  });

  it("a garbage Authorization header on a protected endpoint is a 401", async () => {
    for (const value of ["Bearer", "Bearer ", "Basic abc", "Bearer a.b.c", `Bearer ${"x".repeat(5000)}`]) {
      const res = await call(experiment, "/api/experiment/", undefined, { headers: { authorization: value } });
      expect(res.status).toBe(401);
    }
  });

  it("an unparsable Origin on a cookie request is refused as cross-site, not a 500", async () => {
    const cases = [
      ["/api/refresh/", refresh, {}],
      ["/api/logout/", logout, {}],
      ["/api/verify/", verify, { email: "a@b.co", otp: "123456" }],
    ] as const;
    for (const [path, handler, body] of cases) {
      const res = await call<ErrorBody>(handler, path, body, { headers: { origin: "garbage", cookie: "access=x; refresh=y", "x-auth-transport": "cookie" } });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe("csrf_failed");
    }
  });
});
