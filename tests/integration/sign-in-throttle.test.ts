import { describe, expect, it } from "vitest";
import { POST as changeEmail } from "@/app/api/email/change/route";
import { POST as login } from "@/app/api/login/route";
import { POST as logout } from "@/app/api/logout/route";
import { POST as changePassword } from "@/app/api/password/change/route";
import { POST as confirmReset } from "@/app/api/password/reset/confirm/route";
import { POST as requestReset } from "@/app/api/password/reset/route";
import { hashKey } from "@/lib/auth/rate-limit";
import { getPrisma } from "@/lib/db/client";
import { toEmailKey } from "@/lib/identifiers";
import { call, decodeJwt, readOtp, setTestEnv, signUp, signUpVerified, type ErrorBody } from "../support";

let ipCounter = 1;
/** Every request from its own address, so the per-IP limit never decides these tests. */
const fromIp = (extra: Record<string, string> = {}) => ({ headers: { "x-auth-socket-address": `10.17.${Math.floor(ipCounter / 250)}.${(ipCounter++ % 250) + 1}`, ...extra } });
const WRONG = "Wrong-password-1";

type LoginAnswer = ErrorBody & { access?: string; device_token?: string };
const tryLogin = (email: string, password: string, body: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  call<LoginAnswer>(login, "/api/login/", { email, password, ...body }, fromIp(headers));
/** The pages' sign-in: cookie transport from our own origin, with the browser's cookies. */
const browserLogin = (email: string, password: string, cookie = "") =>
  tryLogin(email, password, {}, { "x-auth-transport": "cookie", "sec-fetch-site": "same-origin", ...(cookie ? { cookie } : {}) });

/** As if every wait of the account's budgets were over (the test does not sleep through them). */
async function waitOutDelays(email: string): Promise<void> {
  await (await getPrisma()).signInFailure.updateMany({ where: { accountKey: hashKey(toEmailKey(email)) }, data: { nextAttemptAt: new Date(0) } });
}

/**
 * A day of guessing, without the day: 100 failures counted against the account's strangers' budget (or
 * the budget of one device token), each after the wait the one before it set: the daily ceiling.
 */
async function lockOut(email: string, deviceToken?: string): Promise<void> {
  const { admitLoginAttempt } = await import("@/lib/auth/login-throttle");
  const client = deviceToken ? { kind: "device" as const, id: String(decodeJwt(deviceToken).payload.jti) } : null;
  for (let i = 0; i < 100; i++) {
    await waitOutDelays(email);
    await admitLoginAttempt(toEmailKey(email), null, client).catch(() => undefined);
  }
  expect((await tryLogin(email, WRONG, deviceToken ? { device_token: deviceToken } : {})).status).toBe(429);
}

/**
 * Sends `count` requests at once; `checked` is how many got past the throttle to the password check. A
 * sequence gets five at once and one more after 1 s, 3 s, 7 s ... (the doubling waits): a burst that took
 * that long may fairly get as many, never more.
 */
async function burst(count: number, send: () => Promise<{ status: number; body: ErrorBody }>, checkedStatus: number) {
  const started = performance.now();
  const answers = await Promise.all(Array.from({ length: count }, send));
  const seconds = (performance.now() - started) / 1000;
  const checked = answers.filter((r) => r.status === checkedStatus).length;
  const refused = answers.filter((r) => r.status === 429 && r.body.code === "rate_limited").length;
  return { checked, refused, sequenceWouldCheck: 5 + Math.floor(Math.log2(seconds + 1)), answers };
}

describe("sign-in throttle (atomic, per account and client)", () => {
  it("checks no more of 50 wrong passwords sent at once than of the same guesses in a row, and refuses the rest with 429", async () => {
    setTestEnv({ RATE_LIMIT: "on" });
    const user = await signUp(fromIp());
    const { checked, refused, sequenceWouldCheck } = await burst(50, () => tryLogin(user.email, WRONG), 401);
    expect(checked).toBeGreaterThanOrEqual(5);
    expect(checked).toBeLessThanOrEqual(sequenceWouldCheck);
    expect(checked + refused).toBe(50);
    // The refused ones were not counted: after the wait the next failure is the (checked + 1)th.
    await waitOutDelays(user.email);
    expect((await tryLogin(user.email, WRONG)).status).toBe(401);
    const next = await tryLogin(user.email, user.password);
    expect(next.status).toBe(429);
    expect(next.headers.get("retry-after")).toBe(String(2 ** (checked + 1 - 5)));
  });

  it("a password reset by code clears the account's failures in its transaction", async () => {
    setTestEnv({ RATE_LIMIT: "on", OTP_RESEND_COOLDOWN: "0" });
    const user = await signUp(fromIp());
    const before = (await tryLogin(user.email, user.password)).body.device_token;
    await lockOut(user.email);
    await waitOutDelays(user.email);
    const locked = await tryLogin(user.email, user.password);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(80_000);

    expect((await call(requestReset, "/api/password/reset/", { email: user.email }, fromIp())).status).toBe(200);
    const password = "Fresh-Lantern-Orbit-42";
    const reset = await call(confirmReset, "/api/password/reset/confirm/", { email: user.email, otp: await readOtp(user.email), password, password2: password }, fromIp());
    expect(reset.status).toBe(200);
    expect(await (await getPrisma()).signInFailure.count({ where: { accountKey: hashKey(toEmailKey(user.email)) } })).toBe(0);
    expect((await tryLogin(user.email, password)).status).toBe(200);
    // The reset retired the device tokens issued before it: whoever signed in with the old password does
    // not keep a budget of guesses at the new one.
    await lockOut(user.email);
    expect((await tryLogin(user.email, password, { device_token: before })).status).toBe(429);
  });

  it("an API client that signed in before keeps its own budget while strangers are locked out, and its failures shut out only its token", async () => {
    setTestEnv({ RATE_LIMIT: "on" });
    const user = await signUp(fromIp());
    const other = await signUp(fromIp());
    const first = await tryLogin(user.email, user.password);
    expect(first.status).toBe(200);
    const [phone, laptop] = [first.body.device_token!, (await tryLogin(user.email, user.password)).body.device_token!];
    expect(decodeJwt(phone).header).toMatchObject({ alg: "HS256", typ: "device+jwt" });
    const otherToken = (await tryLogin(other.email, other.password)).body.device_token!;
    await lockOut(user.email);

    // Strangers, a token of another account and a forged one all meet the strangers' lockout.
    for (const body of [{}, { device_token: otherToken }, { device_token: `${phone.slice(0, -4)}AAAA` }, { device_token: "junk" }]) {
      const refused = await tryLogin(user.email, user.password, body);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(80_000);
    }
    const signedIn = await tryLogin(user.email, user.password, { device_token: phone });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.access).toBeDefined();
    expect(signedIn.body.device_token).not.toBe(phone);

    // The laptop's own mistakes (a burst, then a day of them) shut out the laptop's token, not the phone.
    const laptopBurst = await burst(20, () => tryLogin(user.email, WRONG, { device_token: laptop }), 401);
    expect(laptopBurst.checked).toBeGreaterThanOrEqual(5);
    expect(laptopBurst.checked).toBeLessThanOrEqual(laptopBurst.sequenceWouldCheck);
    await lockOut(user.email, laptop);
    expect((await tryLogin(user.email, user.password, { device_token: laptop })).status).toBe(429);
    expect((await tryLogin(user.email, user.password, { device_token: signedIn.body.device_token })).status).toBe(200);
  });

  it("the pages' sign-in sets an httpOnly, SameSite=Strict device cookie that logout keeps, and that browser signs in while strangers are locked out", async () => {
    setTestEnv({ RATE_LIMIT: "on" });
    const user = await signUp(fromIp());
    const first = await browserLogin(user.email, user.password);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({});
    const setCookie = first.headers.getSetCookie().find((cookie) => cookie.startsWith("device="))!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    expect(setCookie).toMatch(/Path=\//);
    expect(Number(/Max-Age=(\d+)/i.exec(setCookie)![1])).toBeGreaterThan(179 * 86_400);
    const deviceCookie = setCookie.split(";")[0]!;
    const sessionCookies = first.headers.getSetCookie().map((cookie) => cookie.split(";")[0]).join("; ");
    const loggedOut = await call(logout, "/api/logout/", {}, fromIp({ "x-auth-transport": "cookie", "sec-fetch-site": "same-origin", cookie: sessionCookies }));
    expect(loggedOut.status).toBe(205);
    expect(loggedOut.headers.getSetCookie().some((cookie) => cookie.startsWith("device="))).toBe(false);
    await lockOut(user.email);

    expect((await browserLogin(user.email, user.password)).status).toBe(429);
    const known = await browserLogin(user.email, user.password, deviceCookie);
    expect(known.status).toBe(200);
    expect(known.headers.getSetCookie().some((cookie) => cookie.startsWith("access="))).toBe(true);
    // A browser's cookie is not read from an API client's request, nor the body's token from a browser's.
    expect((await tryLogin(user.email, user.password, {}, { cookie: deviceCookie })).status).toBe(429);
  });

  it("throttles guesses of the current password on a password change per session, a burst like a sequence, whatever strangers did", async () => {
    setTestEnv({ RATE_LIMIT: "on" });
    const user = await signUpVerified(fromIp());
    await lockOut(user.email);
    const body = { current_password: WRONG, password: "Fresh-Lantern-Orbit-42", password2: "Fresh-Lantern-Orbit-42" };
    const send = () => call<ErrorBody>(changePassword, "/api/password/change/", body, fromIp({ authorization: `Bearer ${user.access}` }));
    const { checked, refused, sequenceWouldCheck, answers } = await burst(50, send, 400);
    expect(checked).toBeGreaterThanOrEqual(5);
    expect(checked).toBeLessThanOrEqual(sequenceWouldCheck);
    expect(checked + refused).toBe(50);
    expect(answers.find((r) => r.status === 400)!.body.errors).toEqual({ current_password: ["This is not your current password."] });
  });

  it("throttles guesses of the password on an email change the same way", async () => {
    setTestEnv({ RATE_LIMIT: "on" });
    const user = await signUpVerified(fromIp());
    await lockOut(user.email);
    const body = { password: WRONG, new_email: `moved-${user.email}` };
    const send = () => call<ErrorBody>(changeEmail, "/api/email/change/", body, fromIp({ authorization: `Bearer ${user.access}` }));
    const { checked, refused, sequenceWouldCheck } = await burst(50, send, 400);
    expect(checked).toBeGreaterThanOrEqual(5);
    expect(checked).toBeLessThanOrEqual(sequenceWouldCheck);
    expect(checked + refused).toBe(50);
  });
});
