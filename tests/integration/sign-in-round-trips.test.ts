import { describe, expect, it } from "vitest";
import { POST as login } from "@/app/api/login/route";
import { hashKey } from "@/lib/auth/rate-limit";
import { getPrisma } from "@/lib/db/client";
import { toEmailKey } from "@/lib/identifiers";
import { call, setTestEnv, signUp, type ErrorBody } from "../support";
import { recordStatements, sequentialRoundTrips, type Statement } from "../support/statements";

let ipCounter = 1;
const freshIp = (): string => `10.31.${Math.floor(ipCounter / 250)}.${(ipCounter++ % 250) + 1}`;

async function loginStatements(email: string, password: string, ip: string): Promise<{ status: number; statements: Statement[] }> {
  const { result, statements } = await recordStatements(() => call(login, "/api/login/", { email, password }, { headers: { "x-auth-socket-address": ip } }));
  return { status: result.status, statements };
}

const describeStatements = (statements: Statement[]): string => statements.map((s) => `${s.started}-${s.ended} ${s.sql.slice(0, 60)}`).join("\n");

// Issue 19: besides the argon2 verification, a password sign-in waits for at most three database round trips.
describe("the password sign-in's database round trips", () => {
  it("waits for three with the rate limits on, whether the password is right or wrong", async () => {
    setTestEnv({ RATE_LIMIT: "on" });
    const ip = freshIp();
    const user = await signUp({ headers: { "x-auth-socket-address": ip } });
    // The first sign-in from a device announces it by email, in the background: counted from the second.
    expect((await call(login, "/api/login/", { email: user.email, password: user.password }, { headers: { "x-auth-socket-address": ip } })).status).toBe(200);

    const right = await loginStatements(user.email, user.password, ip);
    expect(right.status).toBe(200);
    // The address's budget beside the account's lookup, the account's budget, the completion's one statement.
    expect(right.statements.length, describeStatements(right.statements)).toBe(4);
    expect(sequentialRoundTrips(right.statements), describeStatements(right.statements)).toBe(3);

    const wrong = await loginStatements(user.email, "Wrong-password-1", ip);
    expect(wrong.status).toBe(401);
    // The same, with the failure's audit row in place of the completion.
    expect(wrong.statements.length, describeStatements(wrong.statements)).toBe(4);
    expect(sequentialRoundTrips(wrong.statements), describeStatements(wrong.statements)).toBe(3);
  });

  it("waits for two with the rate limits off (as `npm run bench` runs)", async () => {
    setTestEnv({ RATE_LIMIT: "off" });
    const user = await signUp();
    expect((await call(login, "/api/login/", { email: user.email, password: user.password })).status).toBe(200);
    const right = await loginStatements(user.email, user.password, freshIp());
    expect(right.status).toBe(200);
    expect(right.statements.length, describeStatements(right.statements)).toBe(2);
    expect(sequentialRoundTrips(right.statements), describeStatements(right.statements)).toBe(2);
  });

  it("counts no failure against the account for an attempt its address may no longer make", async () => {
    setTestEnv({ RATE_LIMIT: "on" });
    const user = await signUp({ headers: { "x-auth-socket-address": freshIp() } });
    const ip = freshIp();
    // The address's budget (100 in 15 minutes) spent on other accounts.
    for (let i = 0; i < 100; i++) await call(login, "/api/login/", { email: `nobody-${i}-${ip}@example.test`, password: "x" }, { headers: { "x-auth-socket-address": ip } });
    const refused = await call<ErrorBody>(login, "/api/login/", { email: user.email, password: "Wrong-password-1" }, { headers: { "x-auth-socket-address": ip } });
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe("rate_limited");
    const failures = await (await getPrisma()).signInFailure.count({ where: { accountKey: hashKey(toEmailKey(user.email)) } });
    expect(failures).toBe(0);
  });
});
