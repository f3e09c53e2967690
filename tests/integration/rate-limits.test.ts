import { describe, expect, it } from "vitest";
import { POST as login } from "@/app/api/login/route";
import { POST as passkeyOptions } from "@/app/api/passkeys/login/options/route";
import { POST as register } from "@/app/api/register/route";
import { consumeLimit } from "@/lib/auth/rate-limit";
import { toErrorResponse } from "@/lib/http/error-response";
import { call, newUser, setTestEnv, signUp, type ErrorBody } from "../support";

const fromIp = (ip: string) => ({ headers: { "x-auth-socket-address": ip } });
let ipCounter = 1;
const freshIp = (): string => `10.9.${Math.floor(ipCounter / 250)}.${(ipCounter++ % 250) + 1}`;

describe("rate limits (stored in the database)", () => {
  it("delays an account after five failures, the same way for an unknown email, and a success resets it", async () => {
    setTestEnv({ RATE_LIMIT: "on" });
    const user = await signUp(fromIp(freshIp()));
    for (const email of [user.email, `ghost-${user.email}`]) {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await call(login, "/api/login/", { email, password: "Wrong-password-1" }, fromIp(freshIp()))).status);
      expect(statuses).toEqual([401, 401, 401, 401, 401]);
      // Even the right password has to wait out the delay.
      const blocked = await call<ErrorBody>(login, "/api/login/", { email, password: user.password }, fromIp(freshIp()));
      expect(blocked.status).toBe(429);
      expect(blocked.body.code).toBe("rate_limited");
      expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    }
    await new Promise((r) => setTimeout(r, 1100));
    const ok = await call(login, "/api/login/", { email: user.email, password: user.password }, fromIp(freshIp()));
    expect(ok.status).toBe(200);
    // The success cleared the failures: the next mistake is free again.
    expect((await call(login, "/api/login/", { email: user.email, password: "Wrong-password-1" }, fromIp(freshIp()))).status).toBe(401);
    expect((await call(login, "/api/login/", { email: user.email, password: user.password }, fromIp(freshIp()))).status).toBe(200);
  });

  it("limits logins per IP", async () => {
    setTestEnv({ RATE_LIMIT: "on" });
    const ip = freshIp();
    const statuses = [];
    for (let i = 0; i < 101; i++) statuses.push((await call(login, "/api/login/", { email: `nobody-${i}-${ip}@example.test`, password: "x" }, fromIp(ip))).status);
    expect(statuses.slice(0, 100).every((s) => s === 401)).toBe(true);
    expect(statuses[100]).toBe(429);
    // Another address is not affected.
    expect((await call(login, "/api/login/", { email: "someone@example.test", password: "x" }, fromIp(freshIp()))).status).toBe(401);
  });

  it("asking for passkey options (the sign-in page's autofill, on every view) spends its own budget, not the sign-in's", async () => {
    setTestEnv({ RATE_LIMIT: "on" });
    const ip = freshIp();
    const statuses: number[] = [];
    for (let i = 0; i < 150; i++) statuses.push((await call(passkeyOptions, "/api/passkeys/login/options/", undefined, fromIp(ip))).status);
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    // 150 page views behind one address still leave its password sign-ins their whole budget.
    expect((await call<ErrorBody>(login, "/api/login/", { email: `nobody-${ip}@example.test`, password: "x" }, fromIp(ip))).status).toBe(401);
    // The options' own budget (600 per 15 minutes) bounds the challenges one address can store.
    await consumeLimit("passkeyOptionsIp", ip, 600 - 151);
    expect((await call(passkeyOptions, "/api/passkeys/login/options/", undefined, fromIp(ip))).status).toBe(200);
    const refused = await call<ErrorBody>(passkeyOptions, "/api/passkeys/login/options/", undefined, fromIp(ip));
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe("rate_limited");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect((await call(login, "/api/login/", { email: `nobody-${ip}@example.test`, password: "x" }, fromIp(ip))).status).toBe(401);
  });

  it("limits registrations per IP and writes nothing for a refused one", async () => {
    setTestEnv({ RATE_LIMIT: "on" });
    const ip = freshIp();
    for (let i = 0; i < 20; i++) expect((await call(register, "/api/register/", newUser(), fromIp(ip))).status).toBe(201);
    const user = newUser();
    const refused = await call(register, "/api/register/", user, fromIp(ip));
    expect(refused.status).toBe(429);
    const { getPrisma } = await import("@/lib/db/client");
    expect(await (await getPrisma()).user.count({ where: { emailKey: user.email } })).toBe(0);
  });

  it("switches off with RATE_LIMIT=off", async () => {
    setTestEnv({ RATE_LIMIT: "off" });
    const email = `nobody-${freshIp()}@example.test`;
    for (let i = 0; i < 8; i++) expect((await call(login, "/api/login/", { email, password: "x" })).status).toBe(401);
  });

  it("doubles the delay after each further failure, caps it at 15 minutes, and stops at 100 failures a day", async () => {
    setTestEnv({ RATE_LIMIT: "on" });
    const { admitLoginAttempt } = await import("@/lib/auth/login-throttle");
    const { hashKey } = await import("@/lib/auth/rate-limit");
    const { getPrisma } = await import("@/lib/db/client");
    const key = `ceiling-${freshIp()}@example.test`;
    // As if the attacker waited out each delay.
    const waitOut = async () => (await getPrisma()).signInFailure.updateMany({ where: { accountKey: hashKey(key) }, data: { nextAttemptAt: new Date(0) } });
    const refusalOf = (attempt: Promise<void>) => attempt.then(() => null, (error: unknown) => error as { code: string; retryAfterSeconds: number });
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 100; attempt++) {
      await waitOut();
      await admitLoginAttempt(key, null);
      if ([5, 6, 7, 8, 20, 99].includes(attempt)) delays.push((await refusalOf(admitLoginAttempt(key, null)))!.retryAfterSeconds);
    }
    expect(delays.slice(0, 4)).toEqual([1, 2, 4, 8]);
    expect(delays[4]).toBe(900);
    expect(delays[5]).toBe(900);
    // Even once the last delay is over, the hundredth failure closes the account to passwords for the day.
    await waitOut();
    const refused: unknown = await admitLoginAttempt(key, null).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: "rate_limited" });
    expect(toErrorResponse(refused).status).toBe(429);
  });

  it("lets at most one of a parallel burst of guesses through once the free failures are spent", async () => {
    setTestEnv({ RATE_LIMIT: "on" });
    const user = await signUp(fromIp(freshIp()));
    for (let i = 0; i < 5; i++) await call(login, "/api/login/", { email: user.email, password: "Wrong-password-1" }, fromIp(freshIp()));
    await new Promise((r) => setTimeout(r, 1100));
    const burst = await Promise.all(Array.from({ length: 20 }, () => call(login, "/api/login/", { email: user.email, password: "Wrong-password-2" }, fromIp(freshIp()))));
    const statuses = burst.map((r) => r.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(1);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(19);
  });
});
