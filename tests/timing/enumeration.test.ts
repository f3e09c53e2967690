import { describe, expect, it } from "vitest";
import { POST as login } from "@/app/api/login/route";
import { POST as requestReset } from "@/app/api/password/reset/route";
import { POST as resend } from "@/app/api/verify/resend/route";
import { POST as verify } from "@/app/api/verify/route";
import { settleBackground } from "@/lib/background";
import { call, setTestEnv, signUp } from "../support";

type Probe = (email: string) => Promise<{ status: number; text: string }>;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Alternates known and unknown emails so drift hits both alike; returns the bodies and median times. */
async function compare(probe: Probe, known: string[], unknown: string[]): Promise<{ known: number; unknown: number; bodies: Set<string> }> {
  const times = { known: [] as number[], unknown: [] as number[] };
  const bodies = new Set<string>();
  for (let i = 0; i < known.length; i++) {
    for (const [kind, email] of [["known", known[i]!], ["unknown", unknown[i]!]] as const) {
      const start = performance.now();
      const res = await probe(email);
      times[kind].push(performance.now() - start);
      bodies.add(`${res.status} ${res.text}`);
      // Work queued after the answer must not slow the next probe down.
      await settleBackground();
    }
  }
  return { known: median(times.known), unknown: median(times.unknown), bodies };
}

/** Indistinguishable: medians within 25% of each other or 3 ms, whichever is larger. */
function expectIndistinguishable(result: { known: number; unknown: number }): void {
  const tolerance = Math.max(3, 0.25 * Math.max(result.known, result.unknown));
  console.info(`medians: known ${result.known.toFixed(2)} ms, unknown ${result.unknown.toFixed(2)} ms`);
  expect(Math.abs(result.known - result.unknown), JSON.stringify(result)).toBeLessThan(tolerance);
}

async function registerMany(count: number): Promise<string[]> {
  const emails: string[] = [];
  for (let i = 0; i < count; i++) emails.push((await signUp()).email);
  return emails;
}

const ghosts = (count: number): string[] => Array.from({ length: count }, (_, i) => `ghost-${i}-${Date.now()}@example.test`);

describe("no account enumeration", () => {
  it("login: same status, body and timing for known and unknown emails", async () => {
    const known = await registerMany(3);
    const probe: Probe = (email) => call(login, "/api/login/", { email, password: "Wrong-password-9" });
    // Warm up argon2 and the queries before measuring.
    await compare(probe, known, ghosts(3));
    const result = await compare(probe, [...known, ...known, ...known, ...known, ...known], ghosts(15));
    expect(result.bodies.size).toBe(1);
    expectIndistinguishable(result);
  });

  it("verify: same status, body and timing for known and unknown emails", async () => {
    setTestEnv({ OTP_MAX_ATTEMPTS: "100", OTP_ACCOUNT_MAX_ATTEMPTS: "100" });
    const known = await registerMany(20);
    const probe: Probe = (email) => call(verify, "/api/verify/", { email, otp: "000000" });
    // A full warm-up pass: the first touch of each row is slower than the ones a probe would time.
    await compare(probe, known, ghosts(20));
    const result = await compare(probe, [...known, ...known], ghosts(40));
    expect(result.bodies.size).toBe(1);
    expectIndistinguishable(result);
  });

  it("resend: same status, body and timing for known and unknown emails", async () => {
    setTestEnv({ OTP_RESEND_COOLDOWN: "0" });
    const known = await registerMany(20);
    const probe: Probe = (email) => call(resend, "/api/verify/resend/", { email });
    // A full warm-up pass: the first touch of each row is slower than the ones a probe would time.
    await compare(probe, known, ghosts(20));
    const result = await compare(probe, [...known, ...known], ghosts(40));
    expect(result.bodies.size).toBe(1);
    expectIndistinguishable(result);
  });

  it("password reset: same status, body and timing for known and unknown emails", async () => {
    setTestEnv({ OTP_RESEND_COOLDOWN: "0" });
    const known = await registerMany(20);
    const probe: Probe = (email) => call(requestReset, "/api/password/reset/", { email });
    await compare(probe, known, ghosts(20));
    const result = await compare(probe, [...known, ...known], ghosts(40));
    expect(result.bodies.size).toBe(1);
    expectIndistinguishable(result);
  });
});
