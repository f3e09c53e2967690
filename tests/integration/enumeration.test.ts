// No account enumeration: a known and an unknown email get the same answer, and the same work before the
// answer (the same SQL statements in the same order, the same argon2 computations), so the time to answer
// cannot tell them apart. Counting the work instead of timing it catches a single skipped query, which
// medians on a loaded machine could not (an unknown email one query faster was 20-30 % faster, and passed).
import { describe, expect, it, vi } from "vitest";
import { POST as login } from "@/app/api/login/route";
import { POST as requestReset } from "@/app/api/password/reset/route";
import { POST as resend } from "@/app/api/verify/resend/route";
import { POST as verify } from "@/app/api/verify/route";
import { settleBackground } from "@/lib/background";
import { call, setTestEnv, signUp } from "../support";
import { recordWork, type WorkLog } from "../support/work-log";

vi.mock("@/lib/background", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@/lib/background")>();
  const { asBackgroundWork } = await import("../support/work-log");
  return { ...actual, runInBackground: (task: () => Promise<unknown>) => actual.runInBackground(() => asBackgroundWork(task)) };
});

vi.mock("@node-rs/argon2", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@node-rs/argon2")>();
  const { noteWork } = await import("../support/work-log");
  return {
    ...actual,
    hash: (...args: Parameters<typeof actual.hash>) => (noteWork("argon2: hash"), actual.hash(...args)),
    verify: (...args: Parameters<typeof actual.verify>) => (noteWork("argon2: verify"), actual.verify(...args)),
  };
});

type Probe = (email: string) => Promise<{ status: number; text: string }>;

interface Observed {
  bodies: Set<string>;
  known: WorkLog[];
  unknown: WorkLog[];
}

/** Alternates known and unknown emails, recording each answer and the work behind it. */
async function observe(probe: Probe, known: string[], unknown: string[]): Promise<Observed> {
  const observed: Observed = { bodies: new Set(), known: [], unknown: [] };
  for (let i = 0; i < known.length; i++) {
    for (const [kind, email] of [["known", known[i]!], ["unknown", unknown[i]!]] as const) {
      let answer = "";
      observed[kind].push(
        await recordWork(async () => {
          const res = await probe(email);
          answer = `${res.status} ${res.text}`;
        }, settleBackground),
      );
      observed.bodies.add(answer);
    }
  }
  return observed;
}

/** One answer for all, and the same work before it for every known and unknown email. */
function expectIndistinguishable(observed: Observed, expected: { statementsAtLeast: number; argon2: number }): void {
  expect(observed.bodies.size, [...observed.bodies].join("\n")).toBe(1);
  const reference = observed.known[0]!.answer;
  expect(reference.filter((entry) => entry.startsWith("sql: ")).length).toBeGreaterThanOrEqual(expected.statementsAtLeast);
  expect(reference.filter((entry) => entry.startsWith("argon2: ")).length).toBe(expected.argon2);
  for (const log of [...observed.known, ...observed.unknown]) expect(log.answer).toEqual(reference);
}

async function registerMany(count: number): Promise<string[]> {
  const emails: string[] = [];
  for (let i = 0; i < count; i++) emails.push((await signUp()).email);
  return emails;
}

const ghosts = (count: number): string[] => Array.from({ length: count }, (_, i) => `ghost-${i}-${Date.now()}@example.test`);

describe("no account enumeration", () => {
  it("login: same answer, same statements and one argon2 verification for known and unknown emails", async () => {
    const known = await registerMany(3);
    const probe: Probe = (email) => call(login, "/api/login/", { email, password: "Wrong-password-9" });
    // The first calls load keys and the dummy hash once per process: not per email.
    await observe(probe, known.slice(0, 1), ghosts(1));
    expectIndistinguishable(await observe(probe, known, ghosts(3)), { statementsAtLeast: 2, argon2: 1 });
  });

  it("verify: same answer and same statements for known and unknown emails", async () => {
    setTestEnv({ OTP_MAX_ATTEMPTS: "100", OTP_ACCOUNT_MAX_ATTEMPTS: "100" });
    const known = await registerMany(3);
    const probe: Probe = (email) => call(verify, "/api/verify/", { email, otp: "000000" });
    await observe(probe, known.slice(0, 1), ghosts(1));
    expectIndistinguishable(await observe(probe, known, ghosts(3)), { statementsAtLeast: 3, argon2: 0 });
  });

  it("resend: same answer and same statements for known and unknown emails", async () => {
    setTestEnv({ OTP_RESEND_COOLDOWN: "0" });
    const known = await registerMany(3);
    const probe: Probe = (email) => call(resend, "/api/verify/resend/", { email });
    await observe(probe, known.slice(0, 1), ghosts(1));
    expectIndistinguishable(await observe(probe, known, ghosts(3)), { statementsAtLeast: 1, argon2: 0 });
  });

  it("password reset: same answer and same statements for known and unknown emails", async () => {
    setTestEnv({ OTP_RESEND_COOLDOWN: "0" });
    const known = await registerMany(3);
    const probe: Probe = (email) => call(requestReset, "/api/password/reset/", { email });
    await observe(probe, known.slice(0, 1), ghosts(1));
    expectIndistinguishable(await observe(probe, known, ghosts(3)), { statementsAtLeast: 1, argon2: 0 });
  });
});
