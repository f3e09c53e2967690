import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { POST as confirmChange } from "@/app/api/email/change/confirm/route";
import { GET as getChange, POST as requestChange } from "@/app/api/email/change/route";
import { POST as login } from "@/app/api/login/route";
import { GET as me } from "@/app/api/me/route";
import { POST as refresh } from "@/app/api/refresh/route";
import { POST as register } from "@/app/api/register/route";
import { settleBackground } from "@/lib/background";
import { getPrisma } from "@/lib/db/client";
import { bearer, call, decodeJwt, getFakeResend, newUser, readOtp, setTestEnv, signUp, signUpVerified, type ErrorBody, type TokenBody, type ValidationBody } from "../support";

const freshAddress = (): string => `moved-${randomUUID().slice(0, 8)}@example.test`;

async function mailTo(address: string): Promise<{ subject: string; text: string }[]> {
  await settleBackground();
  return getFakeResend().emails.filter((mail) => mail.to.includes(address));
}

const ask = (access: string, body: unknown) => call<{ detail: string } & ValidationBody>(requestChange, "/api/email/change/", body, bearer(access));
const confirm = (access: string, otp: string) => call<{ detail: string; email: string } & ErrorBody & Partial<TokenBody>>(confirmChange, "/api/email/change/confirm/", { otp }, bearer(access));
const profile = async (access: string) => (await call<{ email: string; is_verified: boolean }>(me, "/api/me/", undefined, { ...bearer(access), method: "GET" })).body;

describe("POST /api/email/change/ and /confirm/", () => {
  it("moves a verified account to a proven address: other sessions end, the old address is told", async () => {
    const user = await signUpVerified();
    const elsewhere = (await call<TokenBody>(login, "/api/login/", { email: user.email, password: user.password })).body;
    const target = freshAddress();

    const wrong = await ask(user.access, { password: "Not-my-password-1", new_email: target });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors.password).toEqual(["This is not your current password."]);
    const same = await ask(user.access, { password: user.password, new_email: user.email.toUpperCase() });
    expect(same.body.errors.new_email).toEqual(["This is already the address of your account."]);

    const asked = await ask(user.access, { password: user.password, new_email: target });
    expect(asked.status).toBe(200);
    expect(asked.body.detail).toBe(`We sent a code to ${target}. Enter it to confirm the change.`);
    const [codeMail] = await mailTo(target);
    expect(codeMail?.subject).toMatch(/^Your code to confirm your new email address: \d{6}$/);
    const code = await readOtp(target);
    expect((await profile(user.access)).email).toBe(user.email);

    const bad = await confirm(user.access, code === "000000" ? "000001" : "000000");
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe("otp_invalid");

    const done = await confirm(user.access, code);
    expect(done.status).toBe(200);
    expect(done.body).toEqual({ detail: "email changed", email: target });
    expect(await profile(user.access)).toMatchObject({ email: target, is_verified: true });
    expect((await call(refresh, "/api/refresh/", { refresh: elsewhere.refresh })).status).toBe(401);
    expect((await call(refresh, "/api/refresh/", { refresh: user.refresh })).status).toBe(200);
    expect((await call(login, "/api/login/", { email: user.email, password: user.password })).status).toBe(401);
    expect((await call(login, "/api/login/", { email: target, password: user.password })).status).toBe(200);
    expect((await confirm(user.access, code)).body.code).toBe("otp_invalid");

    const notice = (await mailTo(user.email)).find((mail) => mail.subject === "The email address of your account was changed");
    expect(notice?.text).toContain(`from ${user.email} to ${target}`);
    expect(notice?.text).toMatch(/If it was not you: /);
    const audit = await (await getPrisma()).auditEvent.findFirst({ where: { userId: user.userId, event: "email_changed" } });
    expect(audit?.detail).toMatchObject({ previousEmail: user.email, otherSessionsEnded: 1 });
  });

  it("answers the same for an address that already has an account, whose owner gets a notice and no code", async () => {
    const owner = await signUp();
    const user = await signUpVerified();
    const freeAddress = freshAddress();
    const free = await ask(user.access, { password: user.password, new_email: freeAddress });
    setTestEnv({ OTP_RESEND_COOLDOWN: "0" });
    const taken = await ask(user.access, { password: user.password, new_email: owner.email });
    expect(taken.status).toBe(free.status);
    expect(taken.body.detail).toBe(`We sent a code to ${owner.email}. Enter it to confirm the change.`);

    const mail = await mailTo(owner.email);
    expect(mail.at(-1)?.subject).toBe("This email address already has an account");
    expect(mail.at(-1)?.text).not.toMatch(/\b\d{6}\b/);
    // The code that went to the free address died with the later request, as it would have for a free one.
    const earlier = await readOtp(freeAddress);
    expect((await confirm(user.access, earlier)).body.code).toBe("otp_invalid");
    expect((await profile(user.access)).email).toBe(user.email);

    // Other accounts naming the same address get the same answer, but its owner is not flooded: one notice an hour.
    for (const other of [await signUpVerified(), await signUpVerified()]) {
      const again = await ask(other.access, { password: other.password, new_email: owner.email });
      expect(again.status).toBe(free.status);
      expect(again.body.detail).toBe(taken.body.detail);
    }
    expect((await mailTo(owner.email)).filter((sent) => sent.subject === "This email address already has an account")).toHaveLength(1);
  });

  it("lets only one of two accounts racing for one address have it: the other gets 409 email_taken", async () => {
    const [a, b] = [await signUpVerified(), await signUpVerified()];
    const target = freshAddress();
    await ask(a.access, { password: a.password, new_email: target });
    const codeA = await readOtp(target);
    await ask(b.access, { password: b.password, new_email: target });
    const codeB = await readOtp(target);
    const results = await Promise.all([confirm(a.access, codeA), confirm(b.access, codeB)]);
    expect(results.map((res) => res.status).sort()).toEqual([200, 409]);
    const loser = results.find((res) => res.status === 409)!;
    expect(loser.body).toEqual({ code: "email_taken", detail: "That email address now belongs to another account. Choose another one." });

    // Someone registering the address between the request and the code is the same race.
    const c = await signUpVerified();
    const next = freshAddress();
    await ask(c.access, { password: c.password, new_email: next });
    const code = await readOtp(next);
    const form = { ...newUser(), email: next };
    expect((await call(register, "/api/register/", form)).status).toBe(201);
    const late = await confirm(c.access, code);
    expect(late.status).toBe(409);
    expect((await profile(c.access)).email).toBe(c.email);
  });

  it("corrects the address of an unverified account: the code verifies it, and the typo address hears nothing", async () => {
    const user = await signUp();
    const target = freshAddress();
    const asked = await ask(user.access, { password: user.password, new_email: target });
    expect(asked.status).toBe(200);
    const done = await confirm(user.access, await readOtp(target));
    expect(done.status).toBe(200);
    expect(done.body.email).toBe(target);
    expect(decodeJwt(done.body.access!).payload.verified).toBe(true);
    expect(await profile(done.body.access!)).toMatchObject({ email: target, is_verified: true });
    expect((await mailTo(user.email)).map((mail) => mail.subject)).toEqual([expect.stringMatching(/^Your verification code/)]);
  });

  it("keeps the budgets of the other codes: a cooldown between requests, five wrong tries per code", async () => {
    const user = await signUpVerified();
    const target = freshAddress();
    expect((await ask(user.access, { password: user.password, new_email: target })).status).toBe(200);
    const again = await ask(user.access, { password: user.password, new_email: target });
    expect(again.status).toBe(429);
    expect(again.body.code).toBe("otp_cooldown");
    expect(Number(again.headers.get("retry-after"))).toBeGreaterThan(0);

    const code = await readOtp(target);
    const wrong = code === "111111" ? "222222" : "111111";
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push((await confirm(user.access, wrong)).body.code);
    expect(answers).toEqual(["otp_invalid", "otp_invalid", "otp_invalid", "otp_invalid", "otp_exhausted"]);
    expect((await confirm(user.access, code)).body.code).toBe("otp_exhausted");
  });

  it("refuses anonymous callers and malformed bodies with the usual errors", async () => {
    expect((await call(requestChange, "/api/email/change/", { password: "x", new_email: freshAddress() })).status).toBe(401);
    expect((await call(confirmChange, "/api/email/change/confirm/", { otp: "123456" })).status).toBe(401);
    const user = await signUpVerified();
    const bad = await ask(user.access, { new_email: "not-an-email", extra: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual({ password: ["This field is required."], new_email: ["Enter a valid email address."], extra: ["Unknown field."] });
    const noCode = await confirm(user.access, "12ab");
    expect(noCode.body.errors).toEqual({ otp: ["Enter the 6-digit code."] });
    const get = await call<ErrorBody>(getChange, "/api/email/change/", undefined, { ...bearer(user.access), method: "GET" });
    expect([get.status, get.headers.get("allow")]).toEqual([405, "POST"]);
  });
});
