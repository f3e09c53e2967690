// Confirming the authenticator app proves it with a current code, exactly what a step-up proves: the confirming
// session is raised in place (aal 2, amr with `otp`, auth_time now) in the transaction that turns the app on,
// and a fresh pair is answered beside the recovery codes. The code the app shows is spent by then, so without
// this a new administrator, or someone asking for new recovery codes, could not pass the step-up that follows.
import { describe, expect, it } from "vitest";
import { GET as adminUsers } from "@/app/api/admin/users/route";
import { POST as regenerate } from "@/app/api/mfa/recovery-codes/route";
import { POST as confirm } from "@/app/api/mfa/totp/confirm/route";
import { POST as setup } from "@/app/api/mfa/totp/setup/route";
import { POST as refresh } from "@/app/api/refresh/route";
import { getPrisma } from "@/lib/db/client";
import { bearer, call, decodeJwt, signInWithSecondFactor, signUpVerified, totpCode, wrongTotpCode, type ErrorBody, type TokenBody } from "../support";
import { accountWith } from "../support/admin";
import { addPasskey } from "../support/passkeys";
import type { SignedUpUser } from "../support/users";

interface Confirmed extends TokenBody {
  recovery_codes: string[];
  recovery_codes_remaining: number;
}

const CONFIRM = "/api/mfa/totp/confirm/";
const sidOf = (token: string) => decodeJwt(token).payload.sid as string;
const sessionRow = async (token: string) => (await getPrisma()).session.findUniqueOrThrow({ where: { id: sidOf(token) } });
const regenerateWith = (access: string) => call<ErrorBody & { recovery_codes: string[] }>(regenerate, "/api/mfa/recovery-codes/", {}, bearer(access));

/** The setup's secret for the session behind `access` (the password again, as the dashboard asks). */
async function startSetup(user: SignedUpUser, access = user.access): Promise<string> {
  const started = await call<{ secret: string }>(setup, "/api/mfa/totp/setup/", { password: user.password }, bearer(access));
  expect(started.status, started.text).toBe(200);
  return started.body.secret;
}

describe("confirming the authenticator app raises the confirming session", () => {
  it("answers a pair of the same session at two factors beside the recovery codes; the row is raised, and new recovery codes need no step-up", async () => {
    const user = await signUpVerified();
    expect(decodeJwt(user.access).payload).toMatchObject({ aal: 1, amr: ["pwd"] });
    const secret = await startSetup(user);
    const wrong = await call<ErrorBody>(confirm, CONFIRM, { code: wrongTotpCode(secret) }, bearer(user.access));
    expect(wrong.status).toBe(400);
    expect(await sessionRow(user.access)).toMatchObject({ aal: 1, amr: ["pwd"] });

    const confirmed = await call<Confirmed>(confirm, CONFIRM, { code: totpCode(secret) }, bearer(user.access));
    expect(confirmed.status, confirmed.text).toBe(200);
    expect(confirmed.body.recovery_codes).toHaveLength(10);
    expect(confirmed.body.recovery_codes_remaining).toBe(10);
    expect(sidOf(confirmed.body.access)).toBe(sidOf(user.access));
    for (const token of [confirmed.body.access, confirmed.body.refresh]) expect(decodeJwt(token).payload).toMatchObject({ aal: 2, amr: ["pwd", "otp"] });
    const row = await sessionRow(user.access);
    expect(row).toMatchObject({ aal: 2, amr: ["pwd", "otp"] });
    expect(Date.now() - row.authTime.getTime()).toBeLessThan(60_000);
    expect(decodeJwt(confirmed.body.access).payload.auth_time).toBe(Math.floor(row.authTime.getTime() / 1000));

    // A rotation keeps it, and the sensitive change passes without a second code (the app's current one is spent).
    const rotated = await call<TokenBody>(refresh, "/api/refresh/", { refresh: confirmed.body.refresh });
    expect(rotated.status, rotated.text).toBe(200);
    expect(decodeJwt(rotated.body.access).payload).toMatchObject({ aal: 2, amr: ["pwd", "otp"] });
    const renewed = await regenerateWith(rotated.body.access);
    expect(renewed.status, renewed.text).toBe(200);
    expect(renewed.body.recovery_codes).toHaveLength(10);
  });

  it("lets the old access token of that session pass the step-up gate too: the gate reads the session's row", async () => {
    const user = await signUpVerified();
    const secret = await startSetup(user);
    expect((await call(confirm, CONFIRM, { code: totpCode(secret) }, bearer(user.access))).status).toBe(200);
    expect(decodeJwt(user.access).payload.aal).toBe(1);
    const renewed = await regenerateWith(user.access);
    expect(renewed.status, renewed.text).toBe(200);
  });

  it("answers the pages with the pair in cookies and the recovery codes in the body", async () => {
    const user = await signUpVerified();
    const secret = await startSetup(user);
    const headers = { "x-auth-transport": "cookie", "sec-fetch-site": "same-origin", cookie: `access=${user.access}` };
    const confirmed = await call<Confirmed>(confirm, CONFIRM, { code: totpCode(secret) }, { headers });
    expect(confirmed.status, confirmed.text).toBe(200);
    expect(Object.keys(confirmed.body).sort()).toEqual(["recovery_codes", "recovery_codes_remaining"]);
    const cookies = confirmed.headers.getSetCookie();
    const access = cookies.find((cookie) => cookie.startsWith("access="))!.split(";")[0]!.slice("access=".length);
    expect(decodeJwt(access).payload).toMatchObject({ aal: 2, amr: ["pwd", "otp"], sid: sidOf(user.access) });
    expect(cookies.find((cookie) => cookie.startsWith("refresh="))).toMatch(/HttpOnly/i);
  });

  it("lets a staff account that just enrolled use the admin API with the pair it got, without a step-up", async () => {
    const staff = await accountWith({ staff: true });
    const before = await call<ErrorBody>(adminUsers, "/api/admin/users/", undefined, { method: "GET", ...bearer(staff.access) });
    expect(before.body.code).toBe("mfa_enrollment_required");
    const secret = await startSetup(staff);
    const confirmed = await call<Confirmed>(confirm, CONFIRM, { code: totpCode(secret) }, bearer(staff.access));
    expect(confirmed.status, confirmed.text).toBe(200);
    const listed = await call(adminUsers, "/api/admin/users/", undefined, { method: "GET", ...bearer(confirmed.body.access) });
    expect(listed.status, listed.text).toBe(200);
  });

  it("raises the session that adds the app beside a passkey too (totp_added: no recovery codes answered)", async () => {
    const user = await signUpVerified();
    const { recoveryCodes } = await addPasskey(user);
    const session = await signInWithSecondFactor(user, { recovery_code: recoveryCodes![0]! });
    // Ten minutes later the sign-in's factor is no longer recent; the app's confirmation makes it so again.
    await (await getPrisma()).session.update({ where: { id: sidOf(session.access) }, data: { authTime: new Date(Date.now() - 11 * 60_000) } });
    const stale = await regenerateWith(session.access);
    expect(stale.body.code).toBe("step_up_required");
    await (await getPrisma()).session.update({ where: { id: sidOf(session.access) }, data: { authTime: new Date() } });
    const secret = await startSetup(user, session.access);
    await (await getPrisma()).session.update({ where: { id: sidOf(session.access) }, data: { authTime: new Date(Date.now() - 11 * 60_000) } });

    const confirmed = await call<Confirmed>(confirm, CONFIRM, { code: totpCode(secret) }, bearer(session.access));
    expect(confirmed.status, confirmed.text).toBe(200);
    expect(confirmed.body.recovery_codes).toEqual([]);
    expect(confirmed.body.recovery_codes_remaining).toBe(9);
    expect(decodeJwt(confirmed.body.access).payload).toMatchObject({ aal: 2, amr: ["pwd", "otp"], sid: sidOf(session.access) });
    expect((await regenerateWith(confirmed.body.access)).status).toBe(200);
  });
});
