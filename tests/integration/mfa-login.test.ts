import { describe, expect, it } from "vitest";
import { POST as login } from "@/app/api/login/route";
import { POST as loginMfa } from "@/app/api/login/mfa/route";
import { POST as changePassword } from "@/app/api/password/change/route";
import { POST as confirmReset } from "@/app/api/password/reset/confirm/route";
import { POST as requestReset } from "@/app/api/password/reset/route";
import { POST as refresh } from "@/app/api/refresh/route";
import { peekLimit } from "@/lib/auth/rate-limit";
import { getPrisma } from "@/lib/db/client";
import { bearer, call, decodeJwt, readOtp, setTestEnv, signUpVerified, type ErrorBody, type SignedUpUser, type TokenBody } from "../support";
import { enrolTotp, totpCode, wrongTotpCode } from "../support/mfa";

type MfaRequired = ErrorBody & { mfa_token: string; methods: string[] };

const passwordStep = (user: SignedUpUser, password = user.password) => call<MfaRequired>(login, "/api/login/", { email: user.email, password });
const secondStep = <T = TokenBody>(body: Record<string, unknown>) => call<T>(loginMfa, "/api/login/mfa/", body);

/** An enrolled account whose next sign-in needs the code of the following 30-second step (the current one was spent). */
async function enrolledUser() {
  const user = await signUpVerified();
  const totp = await enrolTotp(user);
  return { user, totp, nextCode: () => totpCode(totp.secret, 1) };
}

describe("signing in with a second factor", () => {
  it("upgrades an old password hash at the password step, before the second factor", async () => {
    const { user, nextCode } = await enrolledUser();
    const prisma = await getPrisma();
    const { hash } = await import("@node-rs/argon2");
    const weak = await hash(user.password, { algorithm: 2, memoryCost: 4096, timeCost: 1, parallelism: 1 });
    await prisma.user.update({ where: { id: user.userId }, data: { passwordHash: weak } });
    const first = await passwordStep(user);
    expect(first.body.code).toBe("mfa_required");
    const upgraded = (await prisma.user.findUniqueOrThrow({ where: { id: user.userId } })).passwordHash;
    expect(upgraded).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    // The upgrade is a new hash of the same password: the step it opened and the next sign-in both go on.
    expect((await secondStep({ mfa_token: first.body.mfa_token, code: nextCode() })).status).toBe(200);
    expect((await passwordStep(user)).body.code).toBe("mfa_required");
    expect((await passwordStep(user, "Wrong-password-1")).status).toBe(401);
  });

  it("answers a right password with mfa_required and no tokens, then the code completes it at aal 2", async () => {
    const { user, nextCode } = await enrolledUser();
    const first = await passwordStep(user);
    expect(first.status).toBe(403);
    expect(first.body).toMatchObject({ code: "mfa_required", methods: ["totp", "recovery_code"] });
    expect(first.body.mfa_token).toMatch(/^[\w-]{40,}$/);
    expect(first.body).not.toHaveProperty("access");
    expect(first.body).not.toHaveProperty("refresh");

    const second = await secondStep({ mfa_token: first.body.mfa_token, code: nextCode() });
    expect(second.status, second.text).toBe(200);
    for (const token of [second.body.access, second.body.refresh]) expect(decodeJwt(token).payload).toMatchObject({ aal: 2, amr: ["pwd", "otp"] });
    // The session stays at two factors through a rotation.
    const rotated = await call<TokenBody>(refresh, "/api/refresh/", { refresh: second.body.refresh });
    expect(decodeJwt(rotated.body.access).payload).toMatchObject({ aal: 2, amr: ["pwd", "otp"] });
    const row = await (await getPrisma()).session.findUnique({ where: { id: decodeJwt(second.body.access).payload.sid as string } });
    expect(row).toMatchObject({ aal: 2, amr: ["pwd", "otp"] });
  });

  it("answers a wrong password exactly as for an account without a factor, and lets accounts without one sign in as before", async () => {
    const { user } = await enrolledUser();
    const wrong = await passwordStep(user, "not-the-password-1");
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({ detail: "No active account found with the given credentials", code: "authentication_failed" });
    const plain = await signUpVerified();
    const signedIn = await call<TokenBody>(login, "/api/login/", { email: plain.email, password: plain.password });
    expect(signedIn.status).toBe(200);
    expect(decodeJwt(signedIn.body.access).payload).toMatchObject({ aal: 1, amr: ["pwd"] });
  });

  it("signs in with a recovery code once, and names it in amr", async () => {
    const { user, totp } = await enrolledUser();
    const first = await passwordStep(user);
    const code = totp.recoveryCodes[3]!.toLowerCase();
    const second = await secondStep({ mfa_token: first.body.mfa_token, recovery_code: code });
    expect(second.status, second.text).toBe(200);
    expect(decodeJwt(second.body.access).payload).toMatchObject({ aal: 2, amr: ["pwd", "rcode"] });
    const again = await passwordStep(user);
    const reused = await secondStep<ErrorBody>({ mfa_token: again.body.mfa_token, recovery_code: code });
    expect(reused.status).toBe(400);
    expect(reused.body.code).toBe("mfa_code_invalid");
    const audited = await (await getPrisma()).auditEvent.findFirst({ where: { userId: user.userId, event: "recovery_code_used" } });
    expect(audited?.detail).toEqual({ remaining: 9 });
  });

  it("spends the mfa_token on success: a second use, even with a right code, is refused", async () => {
    const { user, totp, nextCode } = await enrolledUser();
    const first = await passwordStep(user);
    expect((await secondStep({ mfa_token: first.body.mfa_token, code: nextCode() })).status).toBe(200);
    const replay = await secondStep<ErrorBody>({ mfa_token: first.body.mfa_token, recovery_code: totp.recoveryCodes[0] });
    expect(replay.status).toBe(400);
    expect(replay.body.code).toBe("mfa_token_invalid");
    // The recovery code was not spent by the refused attempt.
    const unused = await (await getPrisma()).recoveryCode.count({ where: { userId: user.userId, usedAt: null } });
    expect(unused).toBe(10);
  });

  it("takes a right code submitted again while its sign-in completes as neither a warning nor a wrong code", async () => {
    const { user, nextCode } = await enrolledUser();
    const first = await passwordStep(user);
    const code = nextCode();
    const answers = await Promise.all(Array.from({ length: 6 }, () => secondStep<ErrorBody>({ mfa_token: first.body.mfa_token, code })));
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(1);
    // A request that finds the token spent by its twin is told so, and nothing counts against the account;
    // only one that lost the race before the twin spent the token is taken as a wrong code.
    const refusedAsWrong = answers.filter((answer) => answer.body.code === "mfa_code_invalid").length;
    expect(answers.filter((answer) => answer.status !== 200).every((answer) => ["mfa_token_invalid", "mfa_code_invalid"].includes(answer.body.code))).toBe(true);
    const warnings = await (await getPrisma()).auditEvent.count({ where: { userId: user.userId, event: "mfa_failed" } });
    expect(warnings).toBe(refusedAsWrong);
    expect((await peekLimit("secondFactorDaily", user.userId)).remaining).toBe(20 - refusedAsWrong);
  });

  it("caps wrong codes at five per mfa_token (429 with Retry-After); after that even the right code fails on it", async () => {
    const { user, totp, nextCode } = await enrolledUser();
    const first = await passwordStep(user);
    const wrong = wrongTotpCode(totp.secret);
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      const answer = await secondStep<ErrorBody>({ mfa_token: first.body.mfa_token, code: wrong });
      expect(answer.status, `attempt ${attempt}`).toBe(400);
      expect(answer.body.code).toBe("mfa_code_invalid");
    }
    const fifth = await secondStep<ErrorBody>({ mfa_token: first.body.mfa_token, code: wrong });
    expect(fifth.status).toBe(429);
    expect(fifth.body.code).toBe("mfa_attempts_exhausted");
    expect(fifth.headers.get("retry-after")).toMatch(/^\d+$/);
    const right = await secondStep<ErrorBody>({ mfa_token: first.body.mfa_token, code: nextCode() });
    expect(right.status).toBe(400);
    expect(right.body.code).toBe("mfa_token_invalid");
    // A new password step opens a new token, and the code it did not spend still works.
    const again = await passwordStep(user);
    expect((await secondStep({ mfa_token: again.body.mfa_token, code: nextCode() })).status).toBe(200);
  });

  it("caps wrong second factors per account per day across tokens: then even a right code is refused", async () => {
    setTestEnv({ OTP_ACCOUNT_MAX_ATTEMPTS: "3" });
    const { user, totp, nextCode } = await enrolledUser();
    const wrong = wrongTotpCode(totp.secret);
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const step = await passwordStep(user);
      statuses.push((await secondStep({ mfa_token: step.body.mfa_token, code: wrong })).status);
    }
    expect(statuses).toEqual([400, 400, 400]);
    const step = await passwordStep(user);
    const locked = await secondStep<ErrorBody>({ mfa_token: step.body.mfa_token, code: nextCode() });
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe("otp_locked");
    expect(locked.headers.get("retry-after")).toMatch(/^\d+$/);
  });

  it("gives two concurrent requests with one token and one code exactly one session", async () => {
    const { user, nextCode } = await enrolledUser();
    const first = await passwordStep(user);
    const code = nextCode();
    // The registration's session is at aal 2 too (confirming the app raised it): count the sessions the second step opens.
    const countSessions = async () => (await getPrisma()).session.count({ where: { userId: user.userId, aal: 2 } });
    const before = await countSessions();
    const answers = await Promise.all([0, 1, 2].map(() => secondStep({ mfa_token: first.body.mfa_token, code })));
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 400, 400]);
    expect(await countSessions()).toBe(before + 1);
  });

  it("refuses an expired token and one whose account changed its password since the first step", async () => {
    const { user, nextCode } = await enrolledUser();
    const expired = await passwordStep(user);
    await (await getPrisma()).mfaChallenge.updateMany({ where: { userId: user.userId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await secondStep<ErrorBody>({ mfa_token: expired.body.mfa_token, code: nextCode() })).body.code).toBe("mfa_token_invalid");

    const stale = await passwordStep(user);
    // The password changes meanwhile (from a session at two factors, as step-up asks).
    const fresh = await passwordStep(user);
    const session = await secondStep({ mfa_token: fresh.body.mfa_token, code: nextCode() });
    const changed = await call(changePassword, "/api/password/change/", { current_password: user.password, password: "Another-Long-Passphrase-9", password2: "Another-Long-Passphrase-9" }, bearer(session.body.access));
    expect(changed.status, changed.text).toBe(200);
    const refused = await secondStep<ErrorBody>({ mfa_token: stale.body.mfa_token, recovery_code: "ABCDE-FGHJK" });
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe("mfa_token_invalid");
  });

  it("keeps the factor through a password reset: the reset opens no session and the next sign-in still asks", async () => {
    setTestEnv({ OTP_RESEND_COOLDOWN: "0" });
    const { user } = await enrolledUser();
    await call(requestReset, "/api/password/reset/", { email: user.email });
    const reset = await call<Record<string, unknown>>(confirmReset, "/api/password/reset/confirm/", {
      email: user.email,
      otp: await readOtp(user.email),
      password: "Reset-Long-Passphrase-7",
      password2: "Reset-Long-Passphrase-7",
    });
    expect(reset.status, reset.text).toBe(200);
    expect(reset.body).not.toHaveProperty("access");
    const next = await passwordStep(user, "Reset-Long-Passphrase-7");
    expect(next.status).toBe(403);
    expect(next.body.code).toBe("mfa_required");
  });

  it("refuses bodies without a token or with both proofs, as field errors", async () => {
    const missing = await secondStep<ErrorBody>({ code: "123456" });
    expect(missing.status).toBe(400);
    expect(missing.body.code).toBe("validation_error");
    const both = await secondStep<ErrorBody>({ mfa_token: "x".repeat(43), code: "123456", recovery_code: "ABCDE-FGHJK" });
    expect(both.status).toBe(400);
    expect(both.body.code).toBe("validation_error");
    const unknown = await secondStep<ErrorBody>({ mfa_token: "x".repeat(43), code: "123456" });
    expect(unknown.status).toBe(400);
    expect(unknown.body.code).toBe("mfa_token_invalid");
  });
});
