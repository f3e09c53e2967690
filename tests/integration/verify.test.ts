import { describe, expect, it, vi } from "vitest";
import { POST as experiment } from "@/app/api/experiment/route";
import { POST as resend } from "@/app/api/verify/resend/route";
import { POST as verify } from "@/app/api/verify/route";
import { getPrisma } from "@/lib/db/client";
import { bearer, call, decodeJwt, getFakeResend, readOtp, setTestEnv, signUp, type ErrorBody, type TokenBody, type ValidationBody } from "../support";

const wrongCode = (code: string): string => String((Number(code) + 1) % 1_000_000).padStart(6, "0");

describe("POST /api/verify/", () => {
  it("verifies the account, which unlocks the protected endpoint", async () => {
    const user = await signUp();
    const before = await call<ErrorBody>(experiment, "/api/experiment/", undefined, bearer(user.access));
    expect(before.status).toBe(403);
    expect(before.body.code).toBe("email_not_verified");
    const res = await call(verify, "/api/verify/", { email: user.email, otp: await readOtp(user.email) });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ detail: "verified" });
    const after = await call(experiment, "/api/experiment/", undefined, bearer(user.access));
    expect(after.status).toBe(200);
    expect(after.body).toEqual({ detail: "accessed" });
  });

  it("answers an authenticated call with a fresh pair carrying the verified claim", async () => {
    const user = await signUp();
    const res = await call<TokenBody>(verify, "/api/verify/", { email: user.email, otp: await readOtp(user.email) }, bearer(user.access));
    expect(res.status).toBe(200);
    expect(decodeJwt(res.body.access).payload).toMatchObject({ verified: true, sid: decodeJwt(user.access).payload.sid });
    expect(typeof res.body.refresh).toBe("string");
  });

  it("accepts a code once only", async () => {
    const user = await signUp();
    const otp = await readOtp(user.email);
    expect((await call(verify, "/api/verify/", { email: user.email, otp })).status).toBe(200);
    const again = await call<ErrorBody>(verify, "/api/verify/", { email: user.email, otp });
    expect(again.status).toBe(400);
    expect(again.body.code).toBe("otp_invalid");
  });

  it("answers an unknown email exactly like a wrong code", async () => {
    const user = await signUp();
    const otp = await readOtp(user.email);
    const wrong = await call(verify, "/api/verify/", { email: user.email, otp: wrongCode(otp) });
    const unknown = await call(verify, "/api/verify/", { email: `ghost-${user.email}`, otp });
    expect(wrong.status).toBe(400);
    expect(unknown.status).toBe(400);
    expect(unknown.body).toEqual(wrong.body);
  });

  it("says the code expired only to someone who typed it", async () => {
    setTestEnv({ OTP_LIFETIME: "1" });
    const user = await signUp();
    const otp = await readOtp(user.email);
    vi.useFakeTimers({ now: Date.now() + 2_000, toFake: ["Date"] });
    try {
      const res = await call<ErrorBody>(verify, "/api/verify/", { email: user.email, otp });
      expect(res.body.code).toBe("otp_expired");
    } finally {
      vi.useRealTimers();
    }
    const row = await (await getPrisma()).user.findUnique({ where: { id: user.userId } });
    expect(row?.isVerified).toBe(false);
  });

  it("kills a code after OTP_MAX_ATTEMPTS wrong tries, even for the right code", async () => {
    const user = await signUp();
    const otp = await readOtp(user.email);
    const codes: string[] = [];
    for (let i = 0; i < 5; i++) codes.push((await call<ErrorBody>(verify, "/api/verify/", { email: user.email, otp: wrongCode(otp) })).body.code);
    expect(codes).toEqual(["otp_invalid", "otp_invalid", "otp_invalid", "otp_invalid", "otp_exhausted"]);
    const right = await call<ErrorBody>(verify, "/api/verify/", { email: user.email, otp });
    expect(right.body.code).toBe("otp_exhausted");
  });

  it("compares at most OTP_MAX_ATTEMPTS codes of a parallel burst", async () => {
    const user = await signUp();
    const otp = await readOtp(user.email);
    const guesses = Array.from({ length: 30 }, (_, i) => String((Number(otp) + 1 + i) % 1_000_000).padStart(6, "0"));
    const burst = await Promise.all(guesses.map((guess) => call<ErrorBody>(verify, "/api/verify/", { email: user.email, otp: guess })));
    const codes = burst.map((r) => r.body.code);
    expect(codes.filter((c) => c === "otp_invalid").length).toBeLessThanOrEqual(4);
    // The rest are refused unseen: the code's budget (otp_exhausted) or the day's (otp_locked, after 20).
    expect(codes.filter((c) => c === "otp_exhausted" || c === "otp_locked").length).toBeGreaterThanOrEqual(26);
    // The right code, after the burst spent the budget, no longer works.
    expect(["otp_exhausted", "otp_locked"]).toContain((await call<ErrorBody>(verify, "/api/verify/", { email: user.email, otp })).body.code);
    const row = await (await getPrisma()).user.findUnique({ where: { id: user.userId } });
    expect(row?.isVerified).toBe(false);
  });

  it("keeps a per-account budget across resends", async () => {
    setTestEnv({ OTP_RESEND_COOLDOWN: "0", OTP_ACCOUNT_MAX_ATTEMPTS: "6" });
    const user = await signUp();
    for (let round = 0; round < 2; round++) {
      const otp = await readOtp(user.email);
      for (let i = 0; i < 3; i++) await call(verify, "/api/verify/", { email: user.email, otp: wrongCode(otp) });
      expect((await call(resend, "/api/verify/resend/", { email: user.email })).status).toBe(200);
    }
    const locked = await call<ErrorBody>(verify, "/api/verify/", { email: user.email, otp: await readOtp(user.email) });
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe("otp_locked");
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("rejects malformed codes with a field error", async () => {
    const res = await call<ValidationBody>(verify, "/api/verify/", { email: "a@example.test", otp: "12a456" });
    expect(res.status).toBe(400);
    expect(res.body.errors.otp).toEqual(["Enter the 6-digit code."]);
  });
});

describe("POST /api/verify/resend/", () => {
  it("sends a new code, kills the old one and enforces the cooldown", async () => {
    setTestEnv({ OTP_RESEND_COOLDOWN: "0" });
    const user = await signUp();
    const old = await readOtp(user.email);
    expect((await call(resend, "/api/verify/resend/", { email: user.email })).status).toBe(200);
    const fresh = await readOtp(user.email);
    expect(getFakeResend().emails.filter((m) => m.to.includes(user.email))).toHaveLength(2);
    if (fresh !== old) {
      expect((await call<ErrorBody>(verify, "/api/verify/", { email: user.email, otp: old })).body.code).toBe("otp_invalid");
    }
    expect((await call(verify, "/api/verify/", { email: user.email, otp: fresh })).status).toBe(200);
    // With a cooldown, a resend starts one and the next resend inside it is refused.
    setTestEnv({ OTP_RESEND_COOLDOWN: "60" });
    expect((await call(resend, "/api/verify/resend/", { email: user.email })).status).toBe(200);
    const early = await call<ErrorBody>(resend, "/api/verify/resend/", { email: user.email });
    expect(early.status).toBe(429);
    expect(early.body.code).toBe("otp_cooldown");
    expect(Number(early.headers.get("retry-after"))).toBeGreaterThan(50);
  });

  it("refuses a second resend inside the cooldown with Retry-After", async () => {
    setTestEnv({ OTP_RESEND_COOLDOWN: "60" });
    const user = await signUp();
    const res = await call<ErrorBody>(resend, "/api/verify/resend/", { email: user.email });
    expect(res.status).toBe(429);
    expect(res.body.code).toBe("otp_cooldown");
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(50);
  });

  it("answers an unknown email like a known one", async () => {
    setTestEnv({ OTP_RESEND_COOLDOWN: "0" });
    const user = await signUp();
    const known = await call(resend, "/api/verify/resend/", { email: user.email });
    const unknown = await call(resend, "/api/verify/resend/", { email: `ghost-${user.email}` });
    expect(unknown.status).toBe(known.status);
    expect(unknown.body).toEqual(known.body);
  });

  it("lets a user whose first email failed get a code by resending", async () => {
    setTestEnv({ OTP_RESEND_COOLDOWN: "0" });
    getFakeResend().setMode("fail");
    const user = await signUp();
    getFakeResend().setMode("ok");
    expect((await call(resend, "/api/verify/resend/", { email: user.email })).status).toBe(200);
    expect((await call(verify, "/api/verify/", { email: user.email, otp: await readOtp(user.email) })).status).toBe(200);
  });

  it("answers at once when the provider hangs, and the code can be sent again", async () => {
    setTestEnv({ OTP_RESEND_COOLDOWN: "0", EMAIL_TIMEOUT_MS: "300" });
    getFakeResend().setMode("hang");
    const started = performance.now();
    const user = await signUp();
    expect(performance.now() - started).toBeLessThan(1000);
    const { settleBackground } = await import("@/lib/background");
    await settleBackground();
    const events = await (await getPrisma()).auditEvent.findMany({ where: { userId: user.userId, event: "email_failed" } });
    expect(JSON.stringify(events[0]?.detail)).toContain("timed out");
    getFakeResend().setMode("ok");
    expect((await call(resend, "/api/verify/resend/", { email: user.email })).status).toBe(200);
    expect((await call(verify, "/api/verify/", { email: user.email, otp: await readOtp(user.email) })).status).toBe(200);
  });

  it("a resend whose email fails still answers 200, is audited, and the next resend delivers", async () => {
    setTestEnv({ OTP_RESEND_COOLDOWN: "0" });
    const user = await signUp();
    await readOtp(user.email);
    getFakeResend().setMode("fail");
    const failed = await call(resend, "/api/verify/resend/", { email: user.email });
    expect(failed.status).toBe(200);
    const { settleBackground } = await import("@/lib/background");
    await settleBackground();
    const failures = await (await getPrisma()).auditEvent.count({ where: { userId: user.userId, event: "email_failed" } });
    expect(failures).toBe(1);
    getFakeResend().setMode("ok");
    expect((await call(resend, "/api/verify/resend/", { email: user.email })).status).toBe(200);
    expect((await call(verify, "/api/verify/", { email: user.email, otp: await readOtp(user.email) })).status).toBe(200);
  });
});
