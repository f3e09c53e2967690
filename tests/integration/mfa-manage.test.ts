import { describe, expect, it } from "vitest";
import { GET as status } from "@/app/api/mfa/route";
import { POST as regenerate } from "@/app/api/mfa/recovery-codes/route";
import { DELETE as remove } from "@/app/api/mfa/totp/route";
import { getPrisma } from "@/lib/db/client";
import { verifySecondFactor, type SecondFactorStatus } from "@/lib/auth/mfa";
import { bearer, call, enrolTotp, enrolTotpElsewhere, signInWithSecondFactor, signUpVerified, totpCode, wrongTotpCode, type ErrorBody, type ValidationBody } from "../support";

const REMOVE = "/api/mfa/totp/";
const REGENERATE = "/api/mfa/recovery-codes/";

async function readStatus(access: string): Promise<SecondFactorStatus> {
  return (await call<SecondFactorStatus>(status, "/api/mfa/", undefined, { method: "GET", ...bearer(access) })).body;
}

async function events(userId: string, event: string): Promise<unknown[]> {
  const rows = await (await getPrisma()).auditEvent.findMany({ where: { userId, event }, orderBy: { id: "asc" } });
  return rows.map((row) => row.detail);
}

describe("DELETE /api/mfa/totp/", () => {
  it("refuses the password alone, a wrong password and a wrong code; the password and a current code turn it off", async () => {
    const user = await signUpVerified();
    const { secret } = await enrolTotp(user);
    const next = totpCode(secret, 1);

    const passwordOnly = await call<ValidationBody>(remove, REMOVE, { password: user.password }, { method: "DELETE", ...bearer(user.access) });
    expect(passwordOnly.status).toBe(400);
    expect(passwordOnly.body.errors.non_field_errors).toEqual(["Enter the 6-digit code from your authenticator app, or one of your recovery codes."]);

    const both = await call<ValidationBody>(remove, REMOVE, { password: user.password, code: next, recovery_code: "K7QXM-4TZ9B" }, { method: "DELETE", ...bearer(user.access) });
    expect(both.body.errors.non_field_errors).toEqual(["Give either the code from your authenticator app or a recovery code, not both."]);

    // A wrong password stops before the code is looked at: the code stays unspent.
    const wrongPassword = await call<ValidationBody>(remove, REMOVE, { password: "not-the-password", code: next }, { method: "DELETE", ...bearer(user.access) });
    expect(wrongPassword.body.errors.password).toEqual(["This is not your current password."]);

    const wrongCode = await call<ErrorBody>(remove, REMOVE, { password: user.password, code: wrongTotpCode(secret) }, { method: "DELETE", ...bearer(user.access) });
    expect(wrongCode.status).toBe(400);
    expect(wrongCode.body.code).toBe("mfa_code_invalid");
    expect((await readStatus(user.access)).enabled).toBe(true);

    const res = await call(remove, REMOVE, { password: user.password, code: next }, { method: "DELETE", ...bearer(user.access) });
    expect(res.status).toBe(204);
    expect(res.text).toBe("");
    expect(await readStatus(user.access)).toEqual({ enabled: false, methods: [], totp: { enabled: false, enabled_at: null, setup_pending: false }, passkeys: { count: 0 }, recovery_codes: { remaining: 0 } });
    const prisma = await getPrisma();
    expect(await prisma.recoveryCode.count({ where: { userId: user.userId } })).toBe(0);
    expect(await prisma.totpFactor.count({ where: { userId: user.userId } })).toBe(0);
    expect(await events(user.userId, "mfa_disabled")).toEqual([{ method: "totp", by: "otp", recoveryCodesDeleted: 10, trustedBrowsersForgotten: 0 }]);

    const again = await call<ErrorBody>(remove, REMOVE, { password: user.password, code: next }, { method: "DELETE", ...bearer(user.access) });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe("mfa_not_enabled");
  });

  it("takes a recovery code as typed (lower case, no dash) instead of a code, and audits its use", async () => {
    const user = await signUpVerified();
    const { recoveryCodes } = await enrolTotp(user);
    const typed = recoveryCodes[3]!.replace("-", "").toLowerCase();
    const res = await call(remove, REMOVE, { password: user.password, recovery_code: typed }, { method: "DELETE", ...bearer(user.access) });
    expect(res.status).toBe(204);
    expect(await events(user.userId, "recovery_code_used")).toEqual([{ remaining: 9 }]);
    expect(await events(user.userId, "mfa_disabled")).toEqual([{ method: "totp", by: "recovery_code", recoveryCodesDeleted: 10, trustedBrowsersForgotten: 0 }]);
  });

  it("refuses the code that turned the factor on (replay)", async () => {
    const user = await signUpVerified();
    const { spentCode } = await enrolTotp(user);
    const replay = await call<ErrorBody>(remove, REMOVE, { password: user.password, code: spentCode }, { method: "DELETE", ...bearer(user.access) });
    expect(replay.status).toBe(400);
    expect(replay.body.code).toBe("mfa_code_invalid");
    expect((await readStatus(user.access)).enabled).toBe(true);
  });

  it("two removals with one recovery code at once: exactly one succeeds", async () => {
    const user = await signUpVerified();
    const { recoveryCodes } = await enrolTotp(user);
    const body = { password: user.password, recovery_code: recoveryCodes[0] };
    const answers = await Promise.all([1, 2].map(() => call<ErrorBody>(remove, REMOVE, body, { method: "DELETE", ...bearer(user.access) })));
    expect(answers.filter((answer) => answer.status === 204)).toHaveLength(1);
    // The other found the code spent, or (arriving after the commit) no factor left.
    expect(["mfa_code_invalid", "mfa_not_enabled"]).toContain(answers.find((answer) => answer.status !== 204)!.body.code);
    expect(await events(user.userId, "mfa_disabled")).toHaveLength(1);
  });
});

describe("POST /api/mfa/recovery-codes/", () => {
  it("needs a recent second factor on this session: 403 step_up_required with the methods", async () => {
    const user = await signUpVerified();
    // Enrolled from another session: the registration's proved the password only.
    await enrolTotpElsewhere(user);
    const res = await call<ErrorBody & { methods: string[] }>(regenerate, REGENERATE, {}, bearer(user.access));
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ code: "step_up_required", methods: ["totp", "recovery_code"] });
    expect((await readStatus(user.access)).recovery_codes.remaining).toBe(10);
    expect(await events(user.userId, "recovery_codes_regenerated")).toEqual([]);
  });

  it("replaces every code with ten new ones; the old ones stop working", async () => {
    const user = await signUpVerified();
    const { recoveryCodes } = await enrolTotp(user);
    // Signing in with a recovery code is a recent second factor; it leaves nine.
    const { access } = await signInWithSecondFactor(user, { recovery_code: recoveryCodes[0]! });
    expect((await readStatus(user.access)).recovery_codes.remaining).toBe(9);

    const res = await call<{ recovery_codes: string[] }>(regenerate, REGENERATE, {}, bearer(access));
    expect(res.status).toBe(200);
    expect(res.body.recovery_codes).toHaveLength(10);
    expect(res.body.recovery_codes.filter((code) => recoveryCodes.includes(code))).toEqual([]);
    expect((await readStatus(user.access)).recovery_codes.remaining).toBe(10);
    expect(await verifySecondFactor(user.userId, { recovery_code: recoveryCodes[1]! })).toBeNull();
    expect(await verifySecondFactor(user.userId, { recovery_code: res.body.recovery_codes[1]! })).toEqual({ method: "recovery_code", recoveryCodesLeft: 9 });
    expect(await events(user.userId, "recovery_codes_regenerated")).toHaveLength(1);
    // No body at all is fine too.
    expect((await call(regenerate, REGENERATE, undefined, { headers: { "content-type": "", ...bearer(access).headers } })).status).toBe(200);
  });

  it("refuses an account without a second factor, and an anonymous caller", async () => {
    const user = await signUpVerified();
    const res = await call<ErrorBody>(regenerate, REGENERATE, {}, bearer(user.access));
    expect(res.status).toBe(409);
    expect(res.body.code).toBe("mfa_not_enabled");
    expect(await (await getPrisma()).recoveryCode.count({ where: { userId: user.userId } })).toBe(0);
    expect((await call(regenerate, REGENERATE, {})).status).toBe(401);
  });
});

describe("verifySecondFactor (what sign-in and step-up call)", () => {
  it("accepts a fresh code once; a spent one, a wrong one and an older one are refused", async () => {
    const user = await signUpVerified();
    const { secret, spentCode } = await enrolTotp(user);
    expect(await verifySecondFactor(user.userId, { code: spentCode })).toBeNull();
    expect(await verifySecondFactor(user.userId, { code: wrongTotpCode(secret) })).toBeNull();
    expect(await verifySecondFactor(user.userId, { code: totpCode(secret, 1) })).toEqual({ method: "otp" });
    expect(await verifySecondFactor(user.userId, { code: totpCode(secret, 1) })).toBeNull();
    expect(await verifySecondFactor(user.userId, { code: totpCode(secret, 0) })).toBeNull();
    expect(await verifySecondFactor(user.userId, { code: totpCode(secret, -1) })).toBeNull();
  });

  it("one TOTP code sent five times at once: exactly one success", async () => {
    const user = await signUpVerified();
    const { secret } = await enrolTotp(user);
    const code = totpCode(secret, 1);
    const results = await Promise.all([1, 2, 3, 4, 5].map(() => verifySecondFactor(user.userId, { code })));
    expect(results.filter((result) => result !== null)).toEqual([{ method: "otp" }]);
  });

  it("one recovery code sent five times at once: exactly one success, and nine remain", async () => {
    const user = await signUpVerified();
    const { recoveryCodes } = await enrolTotp(user);
    const results = await Promise.all([1, 2, 3, 4, 5].map(() => verifySecondFactor(user.userId, { recovery_code: recoveryCodes[7]! })));
    expect(results.filter((result) => result !== null)).toEqual([{ method: "recovery_code", recoveryCodesLeft: 9 }]);
    expect(await verifySecondFactor(user.userId, { recovery_code: recoveryCodes[7]! })).toBeNull();
  });

  it("refuses another account's recovery code and anything for an account without a factor", async () => {
    const owner = await signUpVerified();
    const other = await signUpVerified();
    const { recoveryCodes, secret } = await enrolTotp(owner);
    await enrolTotp(other);
    expect(await verifySecondFactor(other.userId, { recovery_code: recoveryCodes[0]! })).toBeNull();
    const stranger = await signUpVerified();
    expect(await verifySecondFactor(stranger.userId, { code: totpCode(secret, 1) })).toBeNull();
    expect(await verifySecondFactor(stranger.userId, { recovery_code: recoveryCodes[0]! })).toBeNull();
  });
});
