// "This wasn't me" about an authenticator app's addition: the app that event added goes (a password reset
// alone would leave whoever set it up passing the second step, and locking the owner out), with the
// recovery codes shown at that enrolment; an app or codes the owner made later stay.
import { describe, expect, it } from "vitest";
import { POST as secureAccount } from "@/app/api/account/secure/route";
import { POST as login } from "@/app/api/login/route";
import { POST as regenerateCodes } from "@/app/api/mfa/recovery-codes/route";
import { DELETE as removeTotp } from "@/app/api/mfa/totp/route";
import { getPrisma } from "@/lib/db/client";
import { accountSecuredSchema } from "@/lib/http/openapi/operations/sessions";
import { bearer, call, decodeJwt, enrolTotp, signInWithSecondFactor, signUpVerified, totpCode, type ErrorBody, type SignedUpUser, type TokenBody } from "../support";
import { addPasskey, signInWithPasskey } from "../support/passkeys";

interface Secured {
  detail: string;
  sessions_ended: number;
  reset_code_sent: boolean;
  second_factors_removed: string[];
}

/** What a recent second factor would have done to the session: the gate reads the session row. */
async function raiseSession(sid: string): Promise<void> {
  await (await getPrisma()).session.update({ where: { id: sid }, data: { aal: 2, amr: ["swk", "user"], authTime: new Date() } });
}

/** The audit rows of these kinds, oldest first. */
async function rowsOf(userId: string, event: string): Promise<{ id: bigint; detail: unknown }[]> {
  return (await getPrisma()).auditEvent.findMany({ where: { userId, event }, orderBy: { id: "asc" }, select: { id: true, detail: true } });
}

async function report(user: SignedUpUser, eventId: bigint, access = user.access): Promise<Secured> {
  const secured = await call<Secured>(secureAccount, "/api/account/secure/", { event_id: eventId.toString() }, bearer(access));
  expect(secured.status, secured.text).toBe(200);
  expect(accountSecuredSchema.strict().safeParse(secured.body).success, "the documented shape").toBe(true);
  return secured.body;
}

async function secondFactorsOf(userId: string): Promise<{ totp: number; passkeys: number; unusedCodes: number }> {
  const prisma = await getPrisma();
  const [totp, passkeys, unusedCodes] = await Promise.all([
    prisma.totpFactor.count({ where: { userId, confirmedAt: { not: null } } }),
    prisma.passkey.count({ where: { userId } }),
    prisma.recoveryCode.count({ where: { userId, usedAt: null } }),
  ]);
  return { totp, passkeys, unusedCodes };
}

const signInWithPassword = (user: SignedUpUser) => call<TokenBody & ErrorBody & { methods?: string[] }>(login, "/api/login/", { email: user.email, password: user.password });

describe("This wasn't me, about two-factor authentication turned on with an app", () => {
  it("removes that app and the recovery codes shown then, and the password alone signs in afterwards", async () => {
    const user = await signUpVerified();
    await enrolTotp(user);
    const [enabled] = await rowsOf(user.userId, "mfa_enabled");

    const secured = await report(user, enabled!.id);
    expect(secured.second_factors_removed).toEqual(["totp", "recovery_codes"]);
    expect(secured.detail).toContain("The authenticator app added then and your recovery codes are removed: your account has no second factor left");
    expect(await secondFactorsOf(user.userId)).toEqual({ totp: 0, passkeys: 0, unusedCodes: 0 });
    expect((await rowsOf(user.userId, "mfa_disabled")).map((row) => row.detail)).toEqual([
      { method: "totp", reported: true, recoveryCodesDeleted: 10, trustedBrowsersForgotten: 0 },
    ]);
    const [audit] = await rowsOf(user.userId, "account_secured");
    expect(audit?.detail).toMatchObject({ reportedEvent: { id: enabled!.id.toString(), event: "mfa_enabled" }, secondFactorsRemoved: ["totp", "recovery_codes"] });

    // No factor is left: sign-in is back to the password alone, as for an account that never had one.
    const after = await signInWithPassword(user);
    expect(after.status, after.text).toBe(200);
    expect(decodeJwt(after.body.access).payload).toMatchObject({ aal: 1, amr: ["pwd"] });
  });
});

describe("This wasn't me, about an authenticator app added beside a passkey", () => {
  it("removes the app and keeps the passkey and the recovery codes, which still pass the second step", async () => {
    const user = await signUpVerified();
    const { key, recoveryCodes } = await addPasskey(user);
    await raiseSession(user.sid);
    await enrolTotp(user);
    const [added] = await rowsOf(user.userId, "totp_added");

    const secured = await report(user, added!.id);
    expect(secured.second_factors_removed).toEqual(["totp"]);
    expect(secured.detail).toContain("The authenticator app added then is removed.");
    expect(await secondFactorsOf(user.userId)).toEqual({ totp: 0, passkeys: 1, unusedCodes: 10 });
    expect((await rowsOf(user.userId, "totp_removed")).map((row) => row.detail)).toEqual([
      { method: "totp", reported: true, recoveryCodesDeleted: 0, trustedBrowsersForgotten: 0 },
    ]);

    // Two-factor stays on without the app: the second step offers the passkey and a code, and either reaches aal 2.
    const first = await signInWithPassword(user);
    expect(first.status).toBe(403);
    expect(first.body).toMatchObject({ code: "mfa_required", methods: ["passkey", "recovery_code"] });
    const withCode = await signInWithSecondFactor(user, { recovery_code: recoveryCodes![0]! });
    expect(decodeJwt(withCode.access).payload.aal).toBe(2);
    expect(decodeJwt((await signInWithPasskey(key)).access).payload.aal).toBe(2);
  });
});

describe("This wasn't me, about an app the owner has since replaced", () => {
  it("leaves the later app and its recovery codes alone", async () => {
    const user = await signUpVerified();
    const first = await enrolTotp(user);
    const removed = await call(removeTotp, "/api/mfa/totp/", { password: user.password, recovery_code: first.recoveryCodes[0] }, { method: "DELETE", ...bearer(user.access) });
    expect(removed.status, removed.text).toBe(204);
    const later = await enrolTotp(user);
    const [reported] = await rowsOf(user.userId, "mfa_enabled");

    const secured = await report(user, reported!.id);
    expect(secured.second_factors_removed).toEqual([]);
    expect(secured.detail).not.toContain("removed");
    expect(await secondFactorsOf(user.userId)).toEqual({ totp: 1, passkeys: 0, unusedCodes: 10 });
    expect(await rowsOf(user.userId, "mfa_disabled")).toHaveLength(1);

    // The later app still passes the second step (the enrolment spent its current code).
    const pair = await signInWithSecondFactor(user, { code: totpCode(later.secret, 1) });
    expect(decodeJwt(pair.access).payload).toMatchObject({ aal: 2, amr: ["pwd", "otp"] });
  });

  it("keeps recovery codes made after the reported enrolment, while removing the app it added", async () => {
    const user = await signUpVerified();
    await enrolTotp(user);
    await raiseSession(user.sid);
    await addPasskey(user);
    const regenerated = await call<{ recovery_codes: string[] }>(regenerateCodes, "/api/mfa/recovery-codes/", {}, bearer(user.access));
    expect(regenerated.status, regenerated.text).toBe(200);
    const [enabled] = await rowsOf(user.userId, "mfa_enabled");

    const secured = await report(user, enabled!.id);
    expect(secured.second_factors_removed).toEqual(["totp"]);
    expect(await secondFactorsOf(user.userId)).toEqual({ totp: 0, passkeys: 1, unusedCodes: 10 });
    expect(await signInWithSecondFactor(user, { recovery_code: regenerated.body.recovery_codes[0]! })).toBeDefined();
  });

  it("removes the codes shown at the reported enrolment even when that app is gone already", async () => {
    const user = await signUpVerified();
    const app = await enrolTotp(user);
    await raiseSession(user.sid);
    await addPasskey(user);
    const removed = await call(removeTotp, "/api/mfa/totp/", { password: user.password, code: totpCode(app.secret, 1) }, { method: "DELETE", ...bearer(user.access) });
    expect(removed.status, removed.text).toBe(204);
    const [enabled] = await rowsOf(user.userId, "mfa_enabled");

    const secured = await report(user, enabled!.id);
    expect(secured.second_factors_removed).toEqual(["recovery_codes"]);
    expect(secured.detail).toContain("Your recovery codes are removed.");
    expect(await secondFactorsOf(user.userId)).toEqual({ totp: 0, passkeys: 1, unusedCodes: 0 });
  });
});

describe("This wasn't me, about an app added before its audit row recorded the app", () => {
  // Rows written before the detail named the app's confirmation time: the audit trail tells instead, since every
  // app is added with its row in the same transaction, so the latest addition is the current app's.
  it("removes the app when the reported row is the latest app addition, and not otherwise", async () => {
    const prisma = await getPrisma();
    const forget = async (id: bigint) => prisma.auditEvent.update({ where: { id }, data: { detail: { method: "totp", recoveryCodesIssued: true } } });
    const user = await signUpVerified();
    await enrolTotp(user);
    const [enabled] = await rowsOf(user.userId, "mfa_enabled");
    await forget(enabled!.id);
    expect((await report(user, enabled!.id)).second_factors_removed).toEqual(["totp", "recovery_codes"]);

    const other = await signUpVerified();
    const replaced = await enrolTotp(other);
    await call(removeTotp, "/api/mfa/totp/", { password: other.password, recovery_code: replaced.recoveryCodes[0] }, { method: "DELETE", ...bearer(other.access) });
    await enrolTotp(other);
    const [earlier, latest] = await rowsOf(other.userId, "mfa_enabled");
    await Promise.all([forget(earlier!.id), forget(latest!.id)]);
    expect((await report(other, earlier!.id)).second_factors_removed).toEqual([]);
    expect(await secondFactorsOf(other.userId)).toEqual({ totp: 1, passkeys: 0, unusedCodes: 10 });
  });

  it("about new recovery codes: removes them while still the account's, keeps the app, and new ones can be made", async () => {
    const user = await signUpVerified();
    const totp = await enrolTotp(user);
    await raiseSession(user.sid);
    const regenerated = await call<{ recovery_codes: string[] }>(regenerateCodes, "/api/mfa/recovery-codes/", {}, bearer(user.access));
    expect(regenerated.status, regenerated.text).toBe(200);
    const [made] = await rowsOf(user.userId, "recovery_codes_regenerated");

    const secured = await report(user, made!.id);
    expect(secured.second_factors_removed).toEqual(["recovery_codes"]);
    expect(secured.detail).toContain("Your recovery codes are removed.");
    expect(await secondFactorsOf(user.userId)).toEqual({ totp: 1, passkeys: 0, unusedCodes: 0 });
    // The app still passes the second step; the codes whoever regenerated them saw do not.
    const step = await signInWithPassword(user);
    expect(step.body.methods).toEqual(["totp"]);
    expect(await signInWithSecondFactor(user, { code: totpCode(totp.secret, 1) })).toBeDefined();
  });
});
