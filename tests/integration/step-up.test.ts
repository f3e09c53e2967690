// Step-up (issue 19): POST /api/mfa/verify/ raises the current session's assurance in place; the sensitive
// changes (password, new recovery codes) ask for a second factor proved within ten minutes.
import { describe, expect, it } from "vitest";
import { POST as login } from "@/app/api/login/route";
import { POST as loginMfa } from "@/app/api/login/mfa/route";
import { POST as regenerate } from "@/app/api/mfa/recovery-codes/route";
import { DELETE as removeTotp } from "@/app/api/mfa/totp/route";
import { POST as stepUp } from "@/app/api/mfa/verify/route";
import { POST as changePassword } from "@/app/api/password/change/route";
import { POST as refresh } from "@/app/api/refresh/route";
import { getPrisma } from "@/lib/db/client";
import { bearer, call, decodeJwt, signUpVerified, type ErrorBody, type SignedUpUser, type TokenBody } from "../support";
import { enrolTotp, totpCode, wrongTotpCode, type EnrolledTotp } from "../support/mfa";

type StepUpRequired = ErrorBody & { methods: string[] };
const NEW_PASSWORD = "Lantern-Orchard-Mosaic-58";
const VERIFY = "/api/mfa/verify/";

const sidOf = (access: string) => decodeJwt(access).payload.sid as string;
const sessionRow = async (access: string) => (await getPrisma()).session.findUniqueOrThrow({ where: { id: sidOf(access) } });
const regenerateWith = (access: string) => call<StepUpRequired & { recovery_codes: string[] }>(regenerate, "/api/mfa/recovery-codes/", {}, bearer(access));
const changePasswordWith = (user: SignedUpUser, access: string) =>
  call<StepUpRequired>(changePassword, "/api/password/change/", { current_password: user.password, password: NEW_PASSWORD, password2: NEW_PASSWORD }, bearer(access));

/** An enrolled account signed in on a browser it remembered earlier: a session at aal 1 with amr pwd+rbrowser. */
async function rememberedSession(): Promise<{ user: SignedUpUser; totp: EnrolledTotp; access: string; refresh: string }> {
  const user = await signUpVerified();
  const totp = await enrolTotp(user);
  const first = await call<{ mfa_token: string }>(login, "/api/login/", { email: user.email, password: user.password });
  const second = await call<{ trusted_browser_token: string }>(loginMfa, "/api/login/mfa/", {
    mfa_token: first.body.mfa_token,
    recovery_code: totp.recoveryCodes[9],
    remember_browser: true,
  });
  const skipped = await call<TokenBody>(login, "/api/login/", { email: user.email, password: user.password, trusted_browser_token: second.body.trusted_browser_token });
  expect(skipped.status, skipped.text).toBe(200);
  expect(decodeJwt(skipped.body.access).payload).toMatchObject({ aal: 1, amr: ["pwd", "rbrowser"] });
  return { user, totp, access: skipped.body.access, refresh: skipped.body.refresh };
}

describe("step-up", () => {
  it("refuses the sensitive changes from a remembered-browser session, then a code raises the session in place and they pass", async () => {
    const { user, totp, access } = await rememberedSession();
    for (const refused of [await regenerateWith(access), await changePasswordWith(user, access)]) {
      expect(refused.status).toBe(403);
      expect(refused.body).toEqual({ detail: "Confirm it is you with your second factor first.", code: "step_up_required", methods: ["totp", "recovery_code"] });
    }

    const stepped = await call<TokenBody>(stepUp, VERIFY, { code: totpCode(totp.secret, 1) }, bearer(access));
    expect(stepped.status, stepped.text).toBe(200);
    // The same session, raised: aal 2, the password and the code (the remembered browser proves nothing now).
    expect(sidOf(stepped.body.access)).toBe(sidOf(access));
    for (const token of [stepped.body.access, stepped.body.refresh]) expect(decodeJwt(token).payload).toMatchObject({ aal: 2, amr: ["pwd", "otp"] });
    const row = await sessionRow(access);
    expect(row).toMatchObject({ aal: 2, amr: ["pwd", "otp"] });
    expect(Date.now() - row.authTime.getTime()).toBeLessThan(60_000);
    // A rotation keeps it.
    const rotated = await call<TokenBody>(refresh, "/api/refresh/", { refresh: stepped.body.refresh });
    expect(decodeJwt(rotated.body.access).payload).toMatchObject({ aal: 2, amr: ["pwd", "otp"] });

    expect((await regenerateWith(rotated.body.access)).status).toBe(200);
    const changed = await changePasswordWith(user, rotated.body.access);
    expect(changed.status, changed.text).toBe(200);
    const audited = await (await getPrisma()).auditEvent.findFirst({ where: { userId: user.userId, event: "mfa_step_up" } });
    expect(audited?.detail).toEqual({ method: "otp", amr: ["pwd", "otp"] });
  });

  it("asks again once the second factor is older than ten minutes; a recovery code renews it", async () => {
    const user = await signUpVerified();
    const totp = await enrolTotp(user);
    const first = await call<{ mfa_token: string }>(login, "/api/login/", { email: user.email, password: user.password });
    const second = await call<TokenBody>(loginMfa, "/api/login/mfa/", { mfa_token: first.body.mfa_token, code: totpCode(totp.secret, 1) });
    expect(second.status).toBe(200);
    const regenerated = await regenerateWith(second.body.access);
    expect(regenerated.status).toBe(200);

    await (await getPrisma()).session.update({ where: { id: sidOf(second.body.access) }, data: { authTime: new Date(Date.now() - 11 * 60_000) } });
    const stale = await regenerateWith(second.body.access);
    expect(stale.status).toBe(403);
    expect(stale.body.code).toBe("step_up_required");

    const stepped = await call<TokenBody>(stepUp, VERIFY, { recovery_code: regenerated.body.recovery_codes[0] }, bearer(second.body.access));
    expect(stepped.status, stepped.text).toBe(200);
    expect((await regenerateWith(stepped.body.access)).status).toBe(200);
  });

  it("takes a recovery code: amr names it, and the code is spent", async () => {
    const { user, totp, access } = await rememberedSession();
    const stepped = await call<TokenBody>(stepUp, VERIFY, { recovery_code: totp.recoveryCodes[0] }, bearer(access));
    expect(stepped.status, stepped.text).toBe(200);
    expect(decodeJwt(stepped.body.access).payload).toMatchObject({ aal: 2, amr: ["pwd", "rcode"] });
    const again = await call<ErrorBody>(stepUp, VERIFY, { recovery_code: totp.recoveryCodes[0] }, bearer(stepped.body.access));
    expect(again.status).toBe(400);
    expect(again.body.code).toBe("mfa_code_invalid");
    const used = await (await getPrisma()).auditEvent.findFirst({ where: { userId: user.userId, event: "recovery_code_used", detail: { equals: { remaining: 8 } } } });
    expect(used).not.toBeNull();
  });

  it("refuses a wrong code without raising the session, and counts it", async () => {
    const { user, totp, access } = await rememberedSession();
    const wrong = await call<ErrorBody>(stepUp, VERIFY, { code: wrongTotpCode(totp.secret) }, bearer(access));
    expect(wrong.status).toBe(400);
    expect(wrong.body.code).toBe("mfa_code_invalid");
    expect(await sessionRow(access)).toMatchObject({ aal: 1, amr: ["pwd", "rbrowser"] });
    const failed = await (await getPrisma()).auditEvent.findFirst({ where: { userId: user.userId, event: "mfa_failed" } });
    expect(failed?.detail).toEqual({ method: "totp", step: "step_up" });
    expect((await regenerateWith(access)).status).toBe(403);
  });

  it("answers the pages with cookies and an empty body", async () => {
    const { totp, access } = await rememberedSession();
    const headers = { "x-auth-transport": "cookie", "sec-fetch-site": "same-origin", cookie: `access=${access}` };
    const stepped = await call(stepUp, VERIFY, { code: totpCode(totp.secret, 1) }, { headers });
    expect(stepped.status, stepped.text).toBe(200);
    expect(stepped.body).toEqual({});
    const cookies = stepped.headers.getSetCookie();
    const newAccess = cookies.find((c) => c.startsWith("access="))!.split(";")[0]!.slice("access=".length);
    expect(decodeJwt(newAccess).payload).toMatchObject({ aal: 2 });
    expect(cookies.find((c) => c.startsWith("refresh="))).toMatch(/HttpOnly/i);
  });

  it("refuses an account without a factor (409 mfa_not_enabled), an anonymous caller and a malformed body", async () => {
    const user = await signUpVerified();
    const res = await call<ErrorBody>(stepUp, VERIFY, { code: "123456" }, bearer(user.access));
    expect(res.status).toBe(409);
    expect(res.body.code).toBe("mfa_not_enabled");
    expect((await call(stepUp, VERIFY, { code: "123456" })).status).toBe(401);
    const both = await call<ErrorBody>(stepUp, VERIFY, { code: "123456", recovery_code: "ABCDE-FGHJK" }, bearer(user.access));
    expect(both.status).toBe(400);
    expect(both.body.code).toBe("validation_error");
  });

  it("lets a remembered-browser session turn the app off with the password and a code: that proof is the step-up", async () => {
    const { user, totp, access } = await rememberedSession();
    const removed = await call(removeTotp, "/api/mfa/totp/", { password: user.password, code: totpCode(totp.secret, 1) }, { method: "DELETE", ...bearer(access) });
    expect(removed.status, removed.text).toBe(204);
    const passwordOnly = await call<ErrorBody>(removeTotp, "/api/mfa/totp/", { password: user.password }, { method: "DELETE", ...bearer(access) });
    expect(passwordOnly.status).toBe(400);
  });
});
