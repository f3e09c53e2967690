// A wrong code is answered at once; counting it on the code and auditing it happen after the answer
// (lib/background.ts), where a failure would otherwise go unseen. These check the effects themselves.
import { describe, expect, it } from "vitest";
import { POST as confirmReset } from "@/app/api/password/reset/confirm/route";
import { POST as requestReset } from "@/app/api/password/reset/route";
import { POST as verify } from "@/app/api/verify/route";
import { settleBackground } from "@/lib/background";
import { getPrisma } from "@/lib/db/client";
import { call, readOtp, setTestEnv, signUp, type ErrorBody } from "../support";

const wrongCode = (code: string): string => String((Number(code) + 1) % 1_000_000).padStart(6, "0");

async function bookkeeping(userId: string, purpose: string): Promise<{ attempts: number[]; failures: unknown[] }> {
  await settleBackground();
  const prisma = await getPrisma();
  const codes = await prisma.otpChallenge.findMany({ where: { userId, purpose, consumedAt: null }, select: { attempts: true } });
  const audited = await prisma.auditEvent.findMany({ where: { userId, event: "otp_failed" }, orderBy: { id: "asc" }, select: { detail: true } });
  return { attempts: codes.map((code) => code.attempts), failures: audited.map((row) => row.detail) };
}

describe("after a wrong code", () => {
  it("email verification counts it on the code and audits otp_failed, once per wrong code", async () => {
    const user = await signUp();
    const code = await readOtp(user.email);
    expect(await bookkeeping(user.userId, "verify_email")).toEqual({ attempts: [0], failures: [] });
    for (let i = 0; i < 2; i++) {
      const res = await call<ErrorBody>(verify, "/api/verify/", { email: user.email, otp: wrongCode(code) });
      expect(res.body.code).toBe("otp_invalid");
    }
    expect(await bookkeeping(user.userId, "verify_email")).toEqual({
      attempts: [2],
      failures: [{ purpose: "verify_email" }, { purpose: "verify_email" }],
    });
  });

  it("password reset counts it on the code and audits otp_failed", async () => {
    setTestEnv({ OTP_RESEND_COOLDOWN: "0" });
    const user = await signUp();
    expect((await call(requestReset, "/api/password/reset/", { email: user.email })).status).toBe(200);
    const code = await readOtp(user.email);
    const password = "Fresh-Lantern-Orbit-42";
    const res = await call<ErrorBody>(confirmReset, "/api/password/reset/confirm/", { email: user.email, otp: wrongCode(code), password, password2: password });
    expect(res.body.code).toBe("otp_invalid");
    expect(await bookkeeping(user.userId, "reset_password")).toEqual({ attempts: [1], failures: [{ purpose: "reset_password" }] });
  });
});
