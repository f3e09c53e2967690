import { describe, expect, it } from "vitest";
import { POST as login } from "@/app/api/login/route";
import { POST as confirmReset } from "@/app/api/password/reset/confirm/route";
import { POST as requestReset } from "@/app/api/password/reset/route";
import { POST as refresh } from "@/app/api/refresh/route";
import { getPrisma } from "@/lib/db/client";
import { call, getFakeResend, readOtp, setTestEnv, signUp, type ErrorBody, type ValidationBody } from "../support";

const NEW_PASSWORD = "Fresh-Lantern-Orbit-42";

/** Typed as a refused form: a success is read only by its status and `detail`. */
const confirm = (email: string, otp: string, password = NEW_PASSWORD) =>
  call<ValidationBody>(confirmReset, "/api/password/reset/confirm/", { email, otp, password, password2: password });

describe("password reset", () => {
  it("sets a new password with the emailed code and signs out every session", async () => {
    setTestEnv({ OTP_RESEND_COOLDOWN: "0" });
    const user = await signUp();
    const asked = await call(requestReset, "/api/password/reset/", { email: user.email });
    expect(asked.status).toBe(200);
    const otp = await readOtp(user.email);
    const mail = getFakeResend().emails.filter((m) => m.to.includes(user.email)).at(-1);
    expect(mail?.subject).toContain("password reset code");

    const res = await confirm(user.email, otp);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ detail: "password reset" });
    expect((await call(login, "/api/login/", { email: user.email, password: user.password })).status).toBe(401);
    expect((await call(login, "/api/login/", { email: user.email, password: NEW_PASSWORD })).status).toBe(200);
    expect((await call(refresh, "/api/refresh/", { refresh: user.refresh })).status).toBe(401);
    const row = await (await getPrisma()).user.findUnique({ where: { id: user.userId } });
    expect(row?.isVerified).toBe(true);
    expect((await confirm(user.email, otp)).body.code).toBe("otp_invalid");
  });

  it("answers an unknown email like a known one, and enforces the cooldown for both", async () => {
    setTestEnv({ OTP_RESEND_COOLDOWN: "60" });
    const user = await signUp();
    const known = await call(requestReset, "/api/password/reset/", { email: user.email });
    const unknown = await call(requestReset, "/api/password/reset/", { email: `ghost-${user.email}` });
    expect(unknown.status).toBe(known.status);
    expect(unknown.body).toEqual(known.body);
    for (const email of [user.email, `ghost-${user.email}`]) {
      const again = await call<ErrorBody>(requestReset, "/api/password/reset/", { email });
      expect(again.status).toBe(429);
      expect(again.body.code).toBe("otp_cooldown");
    }
    const wrong = await confirm(user.email, "000000");
    const ghost = await confirm(`ghost-${user.email}`, "000000");
    expect(ghost.status).toBe(wrong.status);
    expect(ghost.body).toEqual(wrong.body);
  });

  it("keeps the code when the new password is refused, and never takes a verification code", async () => {
    setTestEnv({ OTP_RESEND_COOLDOWN: "0" });
    const user = await signUp();
    const verificationCode = await readOtp(user.email);
    await call(requestReset, "/api/password/reset/", { email: user.email });
    const otp = await readOtp(user.email);
    if (verificationCode !== otp) expect((await confirm(user.email, verificationCode)).body.code).toBe("otp_invalid");
    const weak = await confirm(user.email, otp, "password123");
    expect(weak.status).toBe(400);
    expect(weak.body.errors.password).toContain("This password is too common.");
    expect((await confirm(user.email, otp)).status).toBe(200);
  });

  it("reports a wrong code and a common password in one answer, and changes nothing", async () => {
    setTestEnv({ OTP_RESEND_COOLDOWN: "0" });
    const user = await signUp();
    await call(requestReset, "/api/password/reset/", { email: user.email });
    const otp = await readOtp(user.email);
    const wrongCode = otp === "000000" ? "000001" : "000000";
    const prisma = await getPrisma();
    const before = await prisma.user.findUnique({ where: { id: user.userId } });
    const res = await confirm(user.email, wrongCode, "password123");
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      detail: "The code is wrong or has expired.",
      code: "otp_invalid",
      errors: { otp: ["The code is wrong or has expired."], password: ["This password is too common."] },
    });
    // An unknown address gets the very same answer: the rules said beside a wrong code need no account.
    expect((await confirm(`ghost-${user.email}`, wrongCode, "password123")).body).toEqual(res.body);
    expect(await prisma.user.findUnique({ where: { id: user.userId } })).toEqual(before);
    expect((await call(refresh, "/api/refresh/", { refresh: user.refresh })).status).toBe(200);
    expect((await confirm(user.email, otp)).status).toBe(200);
  });

  it("judges likeness to the user name only with the right code, so a wrong code does not reveal it", async () => {
    setTestEnv({ OTP_RESEND_COOLDOWN: "0" });
    const user = await signUp();
    await call(requestReset, "/api/password/reset/", { email: user.email });
    const otp = await readOtp(user.email);
    const likeName = `${user.userName}-Secret9`;
    const wrong = await confirm(user.email, otp === "000000" ? "000001" : "000000", likeName);
    expect(wrong.body).toEqual({ detail: "The code is wrong or has expired.", code: "otp_invalid" });
    const right = await confirm(user.email, otp, likeName);
    expect(right.body.errors).toEqual({ password: ["The password is too similar to the email or user name."] });
  });

  it("validates the form like registration does", async () => {
    const res = await call<ValidationBody>(confirmReset, "/api/password/reset/confirm/", { email: "x", otp: "12", password: "short", password2: "other" });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.errors).sort()).toEqual(["email", "otp", "password", "password2"]);
    const common = await call<ValidationBody>(confirmReset, "/api/password/reset/confirm/", { email: "ada@example.test", otp: "12", password: "ada-lovelace", password2: "ada-lovelace" });
    expect(common.body.errors).toEqual({ otp: ["Enter the 6-digit code."], password: ["The password is too similar to the email or user name."] });
  });
});
