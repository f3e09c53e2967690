// What the code endpoints answer. Issue 17 finding 5: the same sequence of requests gets the same answers for
// an address with an account and one without (status, body, every header, budgets and cooldown included).
// Issue 21: after a code expired, only its right code is told "expired"; any other code is still "invalid".
import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { POST as confirmChange } from "@/app/api/email/change/confirm/route";
import { POST as requestChange } from "@/app/api/email/change/route";
import { POST as confirmReset } from "@/app/api/password/reset/confirm/route";
import { POST as requestReset } from "@/app/api/password/reset/route";
import { POST as resend } from "@/app/api/verify/resend/route";
import { POST as verify } from "@/app/api/verify/route";
import { getPrisma } from "@/lib/db/client";
import { bearer, call, readOtp, setTestEnv, signUp, signUpVerified, type ApiResponse, type ErrorBody } from "../support";

const NEW_PASSWORD = "Copper-Willow-Signal-58";
const freshAddress = (): string => `nobody-${randomUUID().slice(0, 8)}@example.test`;
const wrongFor = (code: string): string => String((Number(code) + 1) % 1_000_000).padStart(6, "0");

/** One side of a comparison: how it asks for a code and tries one, and where its codes arrive (if anywhere). */
interface Side {
  /** The address this side names; replaced by a placeholder before answers are compared. */
  address: string;
  mailbox: string | null;
  ask(): Promise<ApiResponse>;
  guess(otp: string): Promise<ApiResponse>;
}

interface Flow {
  name: string;
  /** `known`: an address with an account (for the email change: one another account already has). */
  sides(): Promise<{ known: Side; unknown: Side }>;
  /** Whether the flow starts by asking (verification codes are sent by the registration itself). */
  startsWithAsk: boolean;
}

const verifyFlow: Flow = {
  name: "verification",
  startsWithAsk: false,
  async sides() {
    const user = await signUp();
    const side = (address: string, mailbox: string | null): Side => ({
      address,
      mailbox,
      ask: () => call(resend, "/api/verify/resend/", { email: address }),
      guess: (otp) => call(verify, "/api/verify/", { email: address, otp }),
    });
    return { known: side(user.email, user.email), unknown: side(freshAddress(), null) };
  },
};

const resetFlow: Flow = {
  name: "password reset",
  startsWithAsk: true,
  async sides() {
    const user = await signUpVerified();
    const side = (address: string, mailbox: string | null): Side => ({
      address,
      mailbox,
      ask: () => call(requestReset, "/api/password/reset/", { email: address }),
      guess: (otp) => call(confirmReset, "/api/password/reset/confirm/", { email: address, otp, password: NEW_PASSWORD, password2: NEW_PASSWORD }),
    });
    return { known: side(user.email, user.email), unknown: side(freshAddress(), null) };
  },
};

const changeFlow: Flow = {
  name: "email change",
  startsWithAsk: true,
  async sides() {
    const owner = await signUp();
    const side = async (address: string, mailbox: string | null): Promise<Side> => {
      const caller = await signUpVerified();
      return {
        address,
        mailbox,
        ask: () => call(requestChange, "/api/email/change/", { password: caller.password, new_email: address }, bearer(caller.access)),
        guess: (otp) => call(confirmChange, "/api/email/change/confirm/", { otp }, bearer(caller.access)),
      };
    };
    const free = freshAddress();
    return { known: await side(owner.email, null), unknown: await side(free, free) };
  },
};

/** Everything a client sees of an answer, with the side's own address taken out. */
function seen(res: ApiResponse, address: string): { status: number; body: string; headers: [string, string][] } {
  return { status: res.status, body: res.text.replaceAll(address, "<address>"), headers: [...res.headers.entries()].sort() };
}

type Step = "ask" | "guess";
const times = (step: Step, n: number): Step[] => Array.from({ length: n }, () => step);

afterEach(() => {
  vi.useRealTimers();
});

describe.each([verifyFlow, resetFlow, changeFlow].map((flow) => [flow.name, flow] as const))("%s: the same answers for known and unknown addresses (issue 17 finding 5)", (_name, flow) => {
  it("wrong codes, new codes, the per-code and daily budgets and the cooldown answer alike", async () => {
    setTestEnv({ OTP_RESEND_COOLDOWN: "0", OTP_ACCOUNT_MAX_ATTEMPTS: "12" });
    const { known, unknown } = await flow.sides();
    // Both sides run at one frozen instant, so Retry-After values are comparable to the second.
    vi.useFakeTimers({ now: Date.now(), toFake: ["Date"] });
    const steps: Step[] = [
      ...(flow.startsWithAsk ? ["ask" as const] : []),
      ...times("guess", 4), "ask", ...times("guess", 5), "ask", ...times("guess", 4), "ask", "guess",
    ];
    const answers: { known: ReturnType<typeof seen>; unknown: ReturnType<typeof seen> }[] = [];
    let wrong = "000000";
    for (const step of steps) {
      if (step === "ask") {
        const pair = { known: await known.ask(), unknown: await unknown.ask() };
        answers.push({ known: seen(pair.known, known.address), unknown: seen(pair.unknown, unknown.address) });
        const mailbox = known.mailbox ?? unknown.mailbox;
        if (mailbox) wrong = wrongFor(await readOtp(mailbox));
      } else {
        const pair = { known: await known.guess(wrong), unknown: await unknown.guess(wrong) };
        answers.push({ known: seen(pair.known, known.address), unknown: seen(pair.unknown, unknown.address) });
      }
    }
    setTestEnv({ OTP_RESEND_COOLDOWN: "60", OTP_ACCOUNT_MAX_ATTEMPTS: "12" });
    for (let i = 0; i < 2; i++) {
      answers.push({ known: seen(await known.ask(), known.address), unknown: seen(await unknown.ask(), unknown.address) });
    }

    for (const [i, pair] of answers.entries()) expect(pair.unknown, `answer ${i + 1}`).toEqual(pair.known);
    // And they are the answers the rules promise, so the comparison cannot pass on two identical failures.
    const codes = answers.map(({ known: answer }) => (answer.status === 200 ? "sent" : (JSON.parse(answer.body) as ErrorBody).code));
    const invalid = (n: number) => Array.from({ length: n }, () => "otp_invalid");
    expect(codes).toEqual([
      ...(flow.startsWithAsk ? ["sent"] : []),
      ...invalid(4), "sent", ...invalid(4), "otp_exhausted", "sent", ...invalid(3), "otp_locked", "sent", "otp_locked",
      "sent", "otp_cooldown",
    ]);
    const retryAfter = answers.filter(({ known: answer }) => answer.status === 429).map(({ known: answer }) => answer.headers.find(([name]) => name === "retry-after")?.[1]);
    expect(retryAfter).toEqual(["86400", "86400", "60"]);
  });
});

describe("code expiry wording (issue 21)", () => {
  /** Freezes the clock past the code's one-second lifetime. */
  const expire = () => vi.useFakeTimers({ now: Date.now() + 2_000, toFake: ["Date"] });

  it("verification: a wrong code after expiry is invalid; only the right one is told it expired", async () => {
    setTestEnv({ OTP_LIFETIME: "1" });
    const user = await signUp();
    const otp = await readOtp(user.email);
    expire();
    const wrong = await call<ErrorBody>(verify, "/api/verify/", { email: user.email, otp: wrongFor(otp) });
    expect([wrong.status, wrong.body.code]).toEqual([400, "otp_invalid"]);
    const right = await call<ErrorBody>(verify, "/api/verify/", { email: user.email, otp });
    expect([right.status, right.body.code]).toEqual([400, "otp_expired"]);
    expect((await (await getPrisma()).user.findUnique({ where: { id: user.userId } }))?.isVerified).toBe(false);
  });

  it("password reset: a wrong code after expiry is invalid; only the right one is told it expired", async () => {
    setTestEnv({ OTP_LIFETIME: "1", OTP_RESEND_COOLDOWN: "0" });
    const user = await signUpVerified();
    await call(requestReset, "/api/password/reset/", { email: user.email });
    const otp = await readOtp(user.email);
    expire();
    const attempt = (code: string) => call<ErrorBody>(confirmReset, "/api/password/reset/confirm/", { email: user.email, otp: code, password: NEW_PASSWORD, password2: NEW_PASSWORD });
    const wrong = await attempt(wrongFor(otp));
    expect([wrong.status, wrong.body.code]).toEqual([400, "otp_invalid"]);
    const right = await attempt(otp);
    expect([right.status, right.body.code]).toEqual([400, "otp_expired"]);
    const row = await (await getPrisma()).user.findUnique({ where: { id: user.userId } });
    expect(row?.credentialsVersion).toBe(0);
  });

  it("email change: a wrong code after expiry is invalid; only the right one is told it expired", async () => {
    setTestEnv({ OTP_LIFETIME: "1" });
    const user = await signUpVerified();
    const target = freshAddress();
    await call(requestChange, "/api/email/change/", { password: user.password, new_email: target }, bearer(user.access));
    const otp = await readOtp(target);
    expire();
    const attempt = (code: string) => call<ErrorBody>(confirmChange, "/api/email/change/confirm/", { otp: code }, bearer(user.access));
    const wrong = await attempt(wrongFor(otp));
    expect([wrong.status, wrong.body.code]).toEqual([400, "otp_invalid"]);
    const right = await attempt(otp);
    expect([right.status, right.body.code]).toEqual([400, "otp_expired"]);
    expect((await (await getPrisma()).user.findUnique({ where: { id: user.userId } }))?.email).toBe(user.email);
  });
});
