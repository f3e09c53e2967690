import { describe, expect, it } from "vitest";
import { POST as changeEmail } from "@/app/api/email/change/route";
import { POST as login } from "@/app/api/login/route";
import { POST as changePassword } from "@/app/api/password/change/route";
import { POST as confirmReset } from "@/app/api/password/reset/confirm/route";
import { POST as requestReset } from "@/app/api/password/reset/route";
import { hashKey } from "@/lib/auth/rate-limit";
import { getPrisma } from "@/lib/db/client";
import { toEmailKey } from "@/lib/identifiers";
import { call, readOtp, setTestEnv, signUp, signUpVerified, type ErrorBody } from "../support";

let ipCounter = 1;
/** Every request from its own address, so the per-IP limit never decides these tests. */
const fromIp = (extra: Record<string, string> = {}) => ({ headers: { "x-auth-socket-address": `10.17.${Math.floor(ipCounter / 250)}.${(ipCounter++ % 250) + 1}`, ...extra } });
const WRONG = "Wrong-password-1";

const tryLogin = (email: string, password: string, body: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  call<ErrorBody>(login, "/api/login/", { email, password, ...body }, fromIp(headers));

/** As if every wait of the account's budgets were over (the test does not sleep through them). */
async function waitOutDelays(email: string): Promise<void> {
  await (await getPrisma()).signInFailure.updateMany({ where: { accountKey: hashKey(toEmailKey(email)) }, data: { nextAttemptAt: new Date(0) } });
}

/**
 * A stranger's day of guessing, without the day: 100 failures counted against the account's strangers'
 * budget (its daily ceiling), each after the wait the one before it set.
 */
async function lockOutStrangers(email: string): Promise<void> {
  const { admitLoginAttempt } = await import("@/lib/auth/login-throttle");
  for (let i = 0; i < 100; i++) {
    await waitOutDelays(email);
    await admitLoginAttempt(toEmailKey(email), null);
  }
  expect((await tryLogin(email, WRONG)).status).toBe(429);
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
    await lockOutStrangers(user.email);
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
  });

  it("throttles guesses of the current password on a password change per session, a burst like a sequence, whatever strangers did", async () => {
    setTestEnv({ RATE_LIMIT: "on" });
    const user = await signUpVerified(fromIp());
    await lockOutStrangers(user.email);
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
    await lockOutStrangers(user.email);
    const body = { password: WRONG, new_email: `moved-${user.email}` };
    const send = () => call<ErrorBody>(changeEmail, "/api/email/change/", body, fromIp({ authorization: `Bearer ${user.access}` }));
    const { checked, refused, sequenceWouldCheck } = await burst(50, send, 400);
    expect(checked).toBeGreaterThanOrEqual(5);
    expect(checked).toBeLessThanOrEqual(sequenceWouldCheck);
    expect(checked + refused).toBe(50);
  });
});
