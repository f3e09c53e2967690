import { describe, expect, it } from "vitest";
import { consumeLimit, hashKey, peekLimit } from "@/lib/auth/rate-limit";
import { getPrisma } from "@/lib/db/client";
import { setTestEnv } from "../support";
import { recordStatements } from "../support/statements";

let counter = 0;
const freshKey = (): string => `192.0.2.${++counter}-${Date.now()}`;
const rowOf = async (key: string) => (await getPrisma()).rateLimiterFlexible.findUnique({ where: { key: `loginIp:${hashKey(key)}` } });

// lib/db/rate-limits.ts: a spend is one statement, and still counts every spend and starts over after its window.
describe("the rate limits' store", () => {
  it("spends in one statement and counts every one of concurrent spends", async () => {
    setTestEnv({ RATE_LIMIT: "on" });
    const key = freshKey();
    const { statements } = await recordStatements(() => consumeLimit("loginIp", key));
    expect(statements.map((s) => s.sql.split(" ")[0])).toEqual(["INSERT"]);
    const answers = await Promise.all(Array.from({ length: 30 }, () => consumeLimit("loginIp", key)));
    expect(answers.every((a) => a.isAllowed)).toBe(true);
    // Each spend saw the one before it: the remaining budgets are 30 different numbers.
    expect(new Set(answers.map((a) => a.remaining)).size).toBe(30);
    expect((await rowOf(key))?.points).toBe(31);
    expect(await peekLimit("loginIp", key)).toMatchObject({ isAllowed: true, remaining: 69 });
  });

  it("refuses past the budget and starts a new window once the last one is over", async () => {
    setTestEnv({ RATE_LIMIT: "on" });
    const key = freshKey();
    for (let i = 0; i < 100; i++) await consumeLimit("loginIp", key);
    const refused = await consumeLimit("loginIp", key);
    expect(refused.isAllowed).toBe(false);
    expect(refused.retryAfter).toBeGreaterThan(800);
    await (await getPrisma()).rateLimiterFlexible.update({ where: { key: `loginIp:${hashKey(key)}` }, data: { expire: new Date(Date.now() - 1000) } });
    const again = await consumeLimit("loginIp", key);
    expect(again).toMatchObject({ isAllowed: true, remaining: 99 });
    const row = await rowOf(key);
    expect(row?.points).toBe(1);
    expect(row!.expire!.getTime()).toBeGreaterThan(Date.now() + 800_000);
  });
});
