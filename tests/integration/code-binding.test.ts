// Issue 17 finding 3: a code is bound to the address it was sent to. An email change ends every outstanding
// code of the account in its own transaction, and a code the change somehow missed still works for nothing
// but the address it went to.
import { randomUUID } from "node:crypto";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { POST as confirmChange } from "@/app/api/email/change/confirm/route";
import { POST as requestChange } from "@/app/api/email/change/route";
import { POST as login } from "@/app/api/login/route";
import { POST as confirmReset } from "@/app/api/password/reset/confirm/route";
import { POST as requestReset } from "@/app/api/password/reset/route";
import { POST as verify } from "@/app/api/verify/route";
import { getPrisma } from "@/lib/db/client";
import { toEmailKey } from "@/lib/identifiers";
import { bearer, call, readOtp, setTestEnv, signUp, signUpVerified, type ErrorBody, type SignedUpUser } from "../support";

const NEW_PASSWORD = "Harbour-Violet-Engine-73";
const freshAddress = (): string => `moved-${randomUUID().slice(0, 8)}@example.test`;

const resetWith = (email: string, otp: string) =>
  call<ErrorBody>(confirmReset, "/api/password/reset/confirm/", { email, otp, password: NEW_PASSWORD, password2: NEW_PASSWORD });

/** Moves the account through the API: the change code goes to `target` and is typed in by the owner. */
async function moveAccount(user: SignedUpUser, target: string): Promise<string> {
  const asked = await call(requestChange, "/api/email/change/", { password: user.password, new_email: target }, bearer(user.access));
  expect(asked.status, asked.text).toBe(200);
  const done = await call<{ access?: string }>(confirmChange, "/api/email/change/confirm/", { otp: await readOtp(target) }, bearer(user.access));
  expect(done.status, done.text).toBe(200);
  return done.body.access ?? user.access;
}

async function liveCodes(userId: string): Promise<string[]> {
  const rows = await (await getPrisma()).otpChallenge.findMany({ where: { userId, consumedAt: null }, select: { purpose: true } });
  return rows.map((row) => row.purpose).sort();
}

/** The password the account signs in with afterwards, judged by a real login at its current address. */
async function signsInWith(email: string, password: string): Promise<boolean> {
  return (await call(login, "/api/login/", { email, password })).status === 200;
}

describe("codes bound to their address (issue 17 finding 3)", () => {
  it("a reset code mailed to the old address does not reset the password once the account has moved", async () => {
    setTestEnv({ OTP_RESEND_COOLDOWN: "0" });
    const user = await signUpVerified();
    expect((await call(requestReset, "/api/password/reset/", { email: user.email })).status).toBe(200);
    const oldMailboxCode = await readOtp(user.email);
    const target = freshAddress();
    await moveAccount(user, target);

    const stolen = await resetWith(target, oldMailboxCode);
    expect([stolen.status, stolen.body.code]).toEqual([400, "otp_invalid"]);
    expect((await resetWith(user.email, oldMailboxCode)).body.code).toBe("otp_invalid");
    expect(await signsInWith(target, user.password)).toBe(true);
    expect(await signsInWith(target, NEW_PASSWORD)).toBe(false);
  });

  it("the typo path of an unverified account ends the reset and verification codes the typo address got", async () => {
    setTestEnv({ OTP_RESEND_COOLDOWN: "0" });
    const user = await signUp();
    const verificationCode = await readOtp(user.email);
    expect((await call(requestReset, "/api/password/reset/", { email: user.email })).status).toBe(200);
    const resetCode = await readOtp(user.email);
    expect(await liveCodes(user.userId)).toEqual(["reset_password", "verify_email"]);

    const target = freshAddress();
    await moveAccount(user, target);
    expect(await liveCodes(user.userId)).toEqual([]);
    expect((await resetWith(target, resetCode)).body.code).toBe("otp_invalid");
    expect((await call<ErrorBody>(verify, "/api/verify/", { email: target, otp: verificationCode })).body.code).toBe("otp_invalid");
    expect(await signsInWith(target, user.password)).toBe(true);
  });

  it("an email change ends every outstanding code of the account in its own transaction", async () => {
    setTestEnv({ OTP_RESEND_COOLDOWN: "0" });
    const user = await signUpVerified();
    await call(requestReset, "/api/password/reset/", { email: user.email });
    await readOtp(user.email);
    const target = freshAddress();
    await call(requestChange, "/api/email/change/", { password: user.password, new_email: target }, bearer(user.access));
    const code = await readOtp(target);
    expect(await liveCodes(user.userId)).toEqual(["change_email", "reset_password"]);

    // A change that loses the address to another account writes nothing: the codes stay as they were.
    const prisma = await getPrisma();
    const other = await signUp();
    await prisma.user.update({ where: { id: other.userId }, data: { email: target, emailKey: toEmailKey(target) } });
    const lost = await call<ErrorBody>(confirmChange, "/api/email/change/confirm/", { otp: code }, bearer(user.access));
    expect([lost.status, lost.body.code]).toEqual([409, "email_taken"]);
    expect(await liveCodes(user.userId)).toEqual(["change_email", "reset_password"]);

    await prisma.user.delete({ where: { id: other.userId } });
    const done = await call(confirmChange, "/api/email/change/confirm/", { otp: code }, bearer(user.access));
    expect(done.status, done.text).toBe(200);
    expect(await liveCodes(user.userId)).toEqual([]);
  });

  it("a code an address change missed still works only for the address it was sent to", async () => {
    setTestEnv({ OTP_RESEND_COOLDOWN: "0" });
    const user = await signUp();
    const verificationCode = await readOtp(user.email);
    await call(requestReset, "/api/password/reset/", { email: user.email });
    const resetCode = await readOtp(user.email);
    // The address changes behind the use cases' back (an operator's SQL, a future path that forgets the codes).
    const target = freshAddress();
    const prisma = await getPrisma();
    await prisma.user.update({ where: { id: user.userId }, data: { email: target, emailKey: toEmailKey(target) } });
    expect(await liveCodes(user.userId)).toEqual(["reset_password", "verify_email"]);

    expect((await resetWith(target, resetCode)).body.code).toBe("otp_invalid");
    expect((await call<ErrorBody>(verify, "/api/verify/", { email: target, otp: verificationCode })).body.code).toBe("otp_invalid");
    expect(await signsInWith(target, user.password)).toBe(true);
    expect((await prisma.user.findUnique({ where: { id: user.userId } }))?.isVerified).toBe(false);

    // Back at the address they were sent to, the same codes work again: the binding, not the change, refused them.
    await prisma.user.update({ where: { id: user.userId }, data: { email: user.email, emailKey: toEmailKey(user.email) } });
    expect((await call(verify, "/api/verify/", { email: user.email, otp: verificationCode })).status).toBe(200);
    expect((await resetWith(user.email, resetCode)).status).toBe(200);
  });
});

describe("the migration that binds codes to addresses", () => {
  const BINDING = "20261207130355_otp_email_binding";

  it("ends the codes live at the upgrade and records each row's account address", async () => {
    const { applyMigrations, listMigrationNames, pgliteTarget } = await import("@/lib/db/migrate");
    const { PGlite } = await import("@electric-sql/pglite");
    const earlier = mkdtempSync(path.join(tmpdir(), "auth-migrations-"));
    const db = await PGlite.create();
    try {
      for (const name of (await listMigrationNames()).filter((name) => name.localeCompare(BINDING) < 0)) {
        cpSync(path.join("prisma/migrations", name), path.join(earlier, name), { recursive: true });
      }
      await applyMigrations(pgliteTarget(db), { dir: earlier });
      const userId = randomUUID();
      await db.query(`INSERT INTO users (id, email, email_key, user_name, user_name_key, password_hash) VALUES ($1, 'Old@Example.test', 'old@example.test', 'old', 'old', 'x')`, [userId]);
      const insert = `INSERT INTO otp_challenges (id, user_id, purpose, code_hash, expires_at, consumed_at) VALUES ($1, $2, $3, 'h', now() + interval '10 minutes', $4)`;
      const [live, used] = [randomUUID(), randomUUID()];
      await db.query(insert, [live, userId, "reset_password", null]);
      await db.query(insert, [used, userId, "verify_email", new Date("2026-12-01T00:00:00Z")]);

      expect(await applyMigrations(pgliteTarget(db))).toContain(BINDING);
      const rows = (await db.query<{ id: string; email_key: string; consumed_at: Date | null }>("SELECT id, email_key, consumed_at FROM otp_challenges")).rows;
      expect(rows.map((row) => row.email_key)).toEqual(["old@example.test", "old@example.test"]);
      expect(rows.find((row) => row.id === live)?.consumed_at).not.toBeNull();
      expect(rows.find((row) => row.id === used)?.consumed_at).toEqual(new Date("2026-12-01T00:00:00Z"));
      await expect(db.query(insert, [randomUUID(), userId, "verify_email", null])).rejects.toThrow(/email_key/);
    } finally {
      await db.close();
      rmSync(earlier, { recursive: true, force: true });
    }
  }, 120_000); // a fresh embedded database runs initdb, slow on a loaded machine
});
