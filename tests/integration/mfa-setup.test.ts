import { describe, expect, it } from "vitest";
import { GET as status } from "@/app/api/mfa/route";
import { POST as confirm } from "@/app/api/mfa/totp/confirm/route";
import { POST as setup } from "@/app/api/mfa/totp/setup/route";
import { getPrisma } from "@/lib/db/client";
import { flushExpired } from "@/lib/db/cleanup";
import type { SecondFactorStatus, TotpSetup } from "@/lib/auth/mfa";
import { bearer, call, enrolTotp, setTestEnv, signUp, signUpVerified, totpCode, wrongTotpCode, type ErrorBody, type ValidationBody } from "../support";

const SETUP = "/api/mfa/totp/setup/";
const CONFIRM = "/api/mfa/totp/confirm/";

async function readStatus(access: string): Promise<{ status: number; body: SecondFactorStatus; text: string }> {
  return call<SecondFactorStatus>(status, "/api/mfa/", undefined, { method: "GET", ...bearer(access) });
}

describe("GET /api/mfa/", () => {
  it("says a new account has no second factor, and asks for a token", async () => {
    const user = await signUp();
    const res = await readStatus(user.access);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ enabled: false, methods: [], totp: { enabled: false, enabled_at: null, setup_pending: false }, passkeys: { count: 0 }, recovery_codes: { remaining: 0 } });
    expect((await call<ErrorBody>(status, "/api/mfa/", undefined, { method: "GET" })).body.code).toBe("not_authenticated");
  });
});

describe("POST /api/mfa/totp/setup/", () => {
  it("needs the password, then answers the secret, its otpauth URL and an SVG QR code; the row holds it sealed", async () => {
    const user = await signUpVerified();
    const wrong = await call<ValidationBody>(setup, SETUP, { password: "not-the-password" }, bearer(user.access));
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors.password).toEqual(["This is not your current password."]);

    const res = await call<TotpSetup>(setup, SETUP, { password: user.password }, bearer(user.access));
    expect(res.status).toBe(200);
    expect(res.body.secret).toMatch(/^[A-Z2-7]{32}$/);
    const url = new URL(res.body.otpauth_url);
    // By default the issuer is the name the pages carry.
    expect(decodeURIComponent(url.pathname)).toBe(`/Keystone Auth:${user.email}`);
    expect(url.searchParams.get("issuer")).toBe("Keystone Auth");
    expect(url.searchParams.get("secret")).toBe(res.body.secret);
    expect(res.body.qr_svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);

    const row = await (await getPrisma()).totpFactor.findUniqueOrThrow({ where: { userId: user.userId } });
    expect(row.confirmedAt).toBeNull();
    expect(row.secretCiphertext).toMatch(/^v1\./);
    expect(row.secretCiphertext).not.toContain(res.body.secret);

    const after = await readStatus(user.access);
    expect(after.body).toMatchObject({ enabled: false, methods: [], totp: { enabled: false, setup_pending: true } });
    expect(after.text).not.toContain(res.body.secret);
  });

  it("names APP_NAME as the issuer", async () => {
    setTestEnv({ APP_NAME: "Acme Accounts" });
    const user = await signUpVerified();
    const res = await call<TotpSetup>(setup, SETUP, { password: user.password }, bearer(user.access));
    const url = new URL(res.body.otpauth_url);
    expect(url.searchParams.get("issuer")).toBe("Acme Accounts");
    expect(decodeURIComponent(url.pathname)).toBe(`/Acme Accounts:${user.email}`);
  });

  it("refuses an unverified account and an anonymous caller", async () => {
    const user = await signUp();
    expect((await call<ErrorBody>(setup, SETUP, { password: user.password }, bearer(user.access))).body.code).toBe("email_not_verified");
    expect((await call<ErrorBody>(setup, SETUP, { password: user.password })).status).toBe(401);
    expect(await (await getPrisma()).totpFactor.count({ where: { userId: user.userId } })).toBe(0);
  });

  it("replaces an unconfirmed setup: only the newest secret's codes confirm", async () => {
    const user = await signUpVerified();
    const first = await call<TotpSetup>(setup, SETUP, { password: user.password }, bearer(user.access));
    const second = await call<TotpSetup>(setup, SETUP, { password: user.password }, bearer(user.access));
    expect(second.body.secret).not.toBe(first.body.secret);
    expect(await (await getPrisma()).totpFactor.count({ where: { userId: user.userId } })).toBe(1);
    const stale = await call<ErrorBody>(confirm, CONFIRM, { code: totpCode(first.body.secret) }, bearer(user.access));
    // A stale secret's code matches the new one only by a one-in-a-million coincidence.
    if (totpCode(first.body.secret) !== totpCode(second.body.secret)) expect(stale.body.code).toBe("mfa_code_invalid");
    expect((await call(confirm, CONFIRM, { code: totpCode(second.body.secret) }, bearer(user.access))).status).toBe(200);
  });

  it("lets a setup left unconfirmed for 30 minutes lapse: its codes no longer turn it on, and housekeeping deletes it", async () => {
    const user = await signUpVerified();
    const started = await call<TotpSetup>(setup, SETUP, { password: user.password }, bearer(user.access));
    const prisma = await getPrisma();
    const age = (minutes: number) => prisma.totpFactor.update({ where: { userId: user.userId }, data: { createdAt: new Date(Date.now() - minutes * 60_000) } });
    await age(29);
    expect((await readStatus(user.access)).body.totp.setup_pending).toBe(true);
    await age(31);
    expect((await readStatus(user.access)).body.totp).toEqual({ enabled: false, enabled_at: null, setup_pending: false });
    const lapsed = await call<ErrorBody>(confirm, CONFIRM, { code: totpCode(started.body.secret) }, bearer(user.access));
    expect(lapsed.status).toBe(409);
    expect(lapsed.body.code).toBe("mfa_setup_required");
    expect((await prisma.totpFactor.findUniqueOrThrow({ where: { userId: user.userId } })).confirmedAt).toBeNull();

    expect((await flushExpired()).abandonedTotpSetups).toBeGreaterThanOrEqual(1);
    expect(await prisma.totpFactor.count({ where: { userId: user.userId } })).toBe(0);
    // An active factor is never flushed, however old.
    const enrolled = await signUpVerified();
    await enrolTotp(enrolled);
    await prisma.totpFactor.update({ where: { userId: enrolled.userId }, data: { createdAt: new Date(0) } });
    await flushExpired();
    expect(await prisma.totpFactor.count({ where: { userId: enrolled.userId } })).toBe(1);
  });
});

describe("POST /api/mfa/totp/confirm/", () => {
  it("refuses a confirmation without a setup, and a wrong code", async () => {
    const user = await signUpVerified();
    const none = await call<ErrorBody>(confirm, CONFIRM, { code: "123456" }, bearer(user.access));
    expect(none.status).toBe(409);
    expect(none.body.code).toBe("mfa_setup_required");

    const started = await call<TotpSetup>(setup, SETUP, { password: user.password }, bearer(user.access));
    const wrong = await call<ErrorBody>(confirm, CONFIRM, { code: wrongTotpCode(started.body.secret) }, bearer(user.access));
    expect(wrong.status).toBe(400);
    expect(wrong.body.code).toBe("mfa_code_invalid");
    const malformed = await call<ValidationBody>(confirm, CONFIRM, { code: "12 34" }, bearer(user.access));
    expect(malformed.body.errors.code).toEqual(["Enter the 6-digit code from your authenticator app."]);
    expect((await readStatus(user.access)).body.enabled).toBe(false);
  });

  it("turns the factor on with a current code and answers ten recovery codes once; the code is spent", async () => {
    const user = await signUpVerified();
    const started = await call<TotpSetup>(setup, SETUP, { password: user.password }, bearer(user.access));
    const code = totpCode(started.body.secret);
    const res = await call<{ recovery_codes: string[] }>(confirm, CONFIRM, { code }, bearer(user.access));
    expect(res.status).toBe(200);
    expect(res.body.recovery_codes).toHaveLength(10);
    expect(new Set(res.body.recovery_codes).size).toBe(10);
    for (const recoveryCode of res.body.recovery_codes) expect(recoveryCode).toMatch(/^[2-9A-HJ-NP-Z]{5}-[2-9A-HJ-NP-Z]{5}$/);

    const after = await readStatus(user.access);
    expect(after.body).toMatchObject({ enabled: true, methods: ["totp", "recovery_code"], totp: { enabled: true, setup_pending: false }, recovery_codes: { remaining: 10 } });
    expect(Date.parse(after.body.totp.enabled_at!)).not.toBeNaN();
    expect(after.text).not.toContain(started.body.secret);

    // Stored as keyed hashes only.
    const rows = await (await getPrisma()).recoveryCode.findMany({ where: { userId: user.userId } });
    expect(rows).toHaveLength(10);
    const stored = rows.map((row) => row.codeHash).join(" ");
    for (const row of rows) expect(row.codeHash).toMatch(/^[0-9a-f]{64}$/);
    for (const shown of res.body.recovery_codes) expect(stored.toUpperCase()).not.toContain(shown.replace("-", ""));
    const events = await (await getPrisma()).auditEvent.findMany({ where: { userId: user.userId, event: "mfa_enabled" } });
    expect(events).toHaveLength(1);
    expect(JSON.stringify(events[0]!.detail)).not.toContain(started.body.secret);

    const again = await call<ErrorBody>(confirm, CONFIRM, { code }, bearer(user.access));
    expect(again.body.code).toBe("mfa_already_enabled");
    const newSetup = await call<ErrorBody>(setup, SETUP, { password: user.password }, bearer(user.access));
    expect(newSetup.status).toBe(409);
    expect(newSetup.body.code).toBe("mfa_already_enabled");
  });

  it("caps wrong codes per account per day, then refuses even the right one with Retry-After", async () => {
    setTestEnv({ OTP_ACCOUNT_MAX_ATTEMPTS: "3" });
    const user = await signUpVerified();
    const started = await call<TotpSetup>(setup, SETUP, { password: user.password }, bearer(user.access));
    const wrong = wrongTotpCode(started.body.secret);
    for (let attempt = 0; attempt < 3; attempt++) {
      expect((await call<ErrorBody>(confirm, CONFIRM, { code: wrong }, bearer(user.access))).body.code).toBe("mfa_code_invalid");
    }
    const locked = await call<ErrorBody>(confirm, CONFIRM, { code: totpCode(started.body.secret) }, bearer(user.access));
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe("otp_locked");
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await readStatus(user.access)).body.enabled).toBe(false);
  });

  it("two confirmations with one code at once: exactly one turns the factor on", async () => {
    const user = await signUpVerified();
    const started = await call<TotpSetup>(setup, SETUP, { password: user.password }, bearer(user.access));
    const code = totpCode(started.body.secret);
    const answers = await Promise.all([1, 2, 3].map(() => call<ErrorBody>(confirm, CONFIRM, { code }, bearer(user.access))));
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(1);
    for (const answer of answers.filter((answer) => answer.status !== 200)) expect(["mfa_code_invalid", "mfa_already_enabled"]).toContain(answer.body.code);
    expect(await (await getPrisma()).recoveryCode.count({ where: { userId: user.userId } })).toBe(10);
  });

  it("enrolTotp (the tests' helper) leaves an active factor", async () => {
    const user = await signUpVerified();
    const enrolled = await enrolTotp(user);
    expect(enrolled.recoveryCodes).toHaveLength(10);
    expect((await readStatus(user.access)).body.enabled).toBe(true);
  });
});
