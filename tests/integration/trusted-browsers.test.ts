// "Remember this browser" (issue 19): the second step's remember_browser, the password sign-in that skips
// the second step with the browser's token, the owner's list and "Forget", and everything that forgets them.
import { describe, expect, it } from "vitest";
import { POST as secureAccount } from "@/app/api/account/secure/route";
import { POST as login } from "@/app/api/login/route";
import { POST as loginMfa } from "@/app/api/login/mfa/route";
import { POST as logoutAll } from "@/app/api/logout/all/route";
import { DELETE as forgetOne } from "@/app/api/mfa/trusted-browsers/[id]/route";
import { DELETE as forgetAll, GET as listBrowsers } from "@/app/api/mfa/trusted-browsers/route";
import { DELETE as removeTotp } from "@/app/api/mfa/totp/route";
import { POST as changePassword } from "@/app/api/password/change/route";
import { POST as confirmReset } from "@/app/api/password/reset/confirm/route";
import { POST as requestReset } from "@/app/api/password/reset/route";
import { getCookieNames } from "@/lib/auth/config";
import { toSignInUser } from "@/lib/auth/sign-in/account";
import { completeSignIn } from "@/lib/auth/sign-in/complete";
import { hashTrustedBrowserToken } from "@/lib/auth/trusted-browsers";
import type { TrustedBrowserView } from "@/lib/auth/trusted-browsers";
import { flushExpired } from "@/lib/db/cleanup";
import { getPrisma } from "@/lib/db/client";
import { findSignInAccount } from "@/lib/db/sign-ins";
import { bearer, call, decodeJwt, readOtp, signUpVerified, type ErrorBody, type SignedUpUser, type TokenBody } from "../support";
import { enrolTotp, totpCode } from "../support/mfa";
import { addPasskey } from "../support/passkeys";

type MfaRequired = ErrorBody & { mfa_token: string };
type Remembered = TokenBody & { trusted_browser_token?: string };
type TrustedBrowserItem = TrustedBrowserView;

const FIREFOX_LINUX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
const browser = { "x-auth-transport": "cookie", "sec-fetch-site": "same-origin", "user-agent": FIREFOX_LINUX };
const COOKIE = getCookieNames(false).trustedBrowser;
const NEW_PASSWORD = "Lantern-Orchard-Mosaic-58";

const forgetById = (id: string) => (request: Request) => forgetOne(request, { params: Promise.resolve({ id }) });
const passwordStep = (user: SignedUpUser, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  call<MfaRequired & Remembered>(login, "/api/login/", { email: user.email, password: user.password, ...extra }, { headers });

/** An account with the authenticator app on, remembered once by an API client (with a recovery code, so the app's next codes stay free). */
async function rememberedUser() {
  const user = await signUpVerified();
  const totp = await enrolTotp(user);
  const first = await passwordStep(user);
  const second = await call<Remembered>(loginMfa, "/api/login/mfa/", { mfa_token: first.body.mfa_token, recovery_code: totp.recoveryCodes[0], remember_browser: true });
  expect(second.status, second.text).toBe(200);
  expect(second.body.trusted_browser_token).toMatch(/^[\w-]{43}$/);
  return { user, totp, token: second.body.trusted_browser_token!, session: second.body };
}

const countRemembered = async (userId: string) => (await getPrisma()).trustedBrowser.count({ where: { userId } });

/** Whether the remembered token still lets a password sign-in skip the second step. */
async function skipsSecondStep(user: SignedUpUser, token: string): Promise<boolean> {
  const res = await passwordStep(user, { trusted_browser_token: token });
  if (res.status === 403) expect(res.body.code).toBe("mfa_required");
  else expect(res.status, res.text).toBe(200);
  return res.status === 200;
}

describe("remember this browser", () => {
  it("lets the remembered token skip the second step at aal 1, amr pwd+rbrowser, for this account only", async () => {
    const { user, token } = await rememberedUser();
    const skipped = await passwordStep(user, { trusted_browser_token: token });
    expect(skipped.status, skipped.text).toBe(200);
    expect(decodeJwt(skipped.body.access).payload).toMatchObject({ aal: 1, amr: ["pwd", "rbrowser"] });
    const row = await (await getPrisma()).session.findUnique({ where: { id: decodeJwt(skipped.body.access).payload.sid as string } });
    expect(row).toMatchObject({ aal: 1, amr: ["pwd", "rbrowser"] });
    // The row stores only the hash, and records the use.
    const stored = await (await getPrisma()).trustedBrowser.findFirstOrThrow({ where: { userId: user.userId } });
    expect(stored.tokenHash).not.toContain(token);
    expect(stored.lastUsedAt.getTime()).toBeGreaterThan(stored.createdAt.getTime());

    // Without the token, or with one of another account, the second step is asked as before.
    expect((await passwordStep(user)).status).toBe(403);
    const other = await rememberedUser();
    expect(await skipsSecondStep(user, other.token)).toBe(false);
    // A wrong password with the token is a wrong password.
    const wrong = await call<ErrorBody>(login, "/api/login/", { email: user.email, password: "not-the-password-1", trusted_browser_token: token });
    expect(wrong.status).toBe(401);
  });

  it("stops counting after 30 days", async () => {
    const { user, token } = await rememberedUser();
    const stored = await (await getPrisma()).trustedBrowser.findFirstOrThrow({ where: { userId: user.userId } });
    const days = (stored.expiresAt.getTime() - stored.createdAt.getTime()) / 86_400_000;
    expect(days).toBeCloseTo(30, 3);
    await (await getPrisma()).trustedBrowser.updateMany({ where: { userId: user.userId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await skipsSecondStep(user, token)).toBe(false);
    const list = await call<{ trusted_browsers: TrustedBrowserItem[] }>(listBrowsers, "/api/mfa/trusted-browsers/", undefined, { method: "GET", ...bearer(user.access) });
    expect(list.body.trusted_browsers).toEqual([]);
    // Housekeeping (tokens:flush) deletes the expired row.
    expect((await flushExpired()).trustedBrowsers).toBeGreaterThanOrEqual(1);
    expect(await countRemembered(user.userId)).toBe(0);
  });

  it("remembers a browser in an httpOnly SameSite=Strict cookie for 30 days, which its sign-ins then send", async () => {
    const user = await signUpVerified();
    const totp = await enrolTotp(user);
    const first = await passwordStep(user, {}, browser);
    const second = await call(loginMfa, "/api/login/mfa/", { mfa_token: first.body.mfa_token, code: totpCode(totp.secret, 1), remember_browser: true }, { headers: browser });
    expect(second.status, second.text).toBe(200);
    expect(second.body).toEqual({});
    const setCookie = second.headers.getSetCookie().find((cookie) => cookie.startsWith(`${COOKIE}=`));
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    expect(setCookie).toMatch(/Max-Age=2592000/i);
    const cookie = setCookie!.split(";")[0]!;
    const access = second.headers.getSetCookie().find((c) => c.startsWith("access="))!.split(";")[0]!;

    const again = await passwordStep(user, {}, { ...browser, cookie });
    expect(again.status, again.text).toBe(200);
    const newAccess = again.headers.getSetCookie().find((c) => c.startsWith("access="))!.split("=")[1]!.split(";")[0]!;
    expect(decodeJwt(newAccess).payload).toMatchObject({ aal: 1, amr: ["pwd", "rbrowser"] });

    // The list marks the browser asking; a bearer caller sends no cookie, so none is current.
    const listed = await call<{ trusted_browsers: TrustedBrowserItem[] }>(listBrowsers, "/api/mfa/trusted-browsers/", undefined, {
      method: "GET",
      headers: { ...browser, cookie: `${cookie}; ${access}` },
    });
    expect(listed.status, listed.text).toBe(200);
    expect(listed.body.trusted_browsers).toHaveLength(1);
    expect(listed.body.trusted_browsers[0]).toMatchObject({ device: "Firefox on Linux", current: true });
    const viaBearer = await call<{ trusted_browsers: TrustedBrowserItem[] }>(listBrowsers, "/api/mfa/trusted-browsers/", undefined, { method: "GET", ...bearer(user.access) });
    expect(viaBearer.body.trusted_browsers[0]?.current).toBe(false);

    // "Forget" this browser: 204, its cookie goes, and its next sign-in asks for the second factor.
    const forgotten = await call(forgetById(listed.body.trusted_browsers[0]!.id), "/api/mfa/trusted-browsers/x/", undefined, {
      method: "DELETE",
      headers: { ...browser, cookie: `${cookie}; ${access}` },
    });
    expect(forgotten.status, forgotten.text).toBe(204);
    expect(forgotten.headers.getSetCookie().find((c) => c.startsWith(`${COOKIE}=`))).toMatch(/Max-Age=0/i);
    expect((await passwordStep(user, {}, { ...browser, cookie })).status).toBe(403);
    const audited = await (await getPrisma()).auditEvent.findFirst({ where: { userId: user.userId, event: "trusted_browser_forgotten" } });
    expect(audited?.detail).toEqual({ reason: "owner", forgotten: 1 });
  });

  it("does not remember a browser unless asked", async () => {
    const user = await signUpVerified();
    const totp = await enrolTotp(user);
    const first = await passwordStep(user, {}, browser);
    const second = await call(loginMfa, "/api/login/mfa/", { mfa_token: first.body.mfa_token, code: totpCode(totp.secret, 1) }, { headers: browser });
    expect(second.status).toBe(200);
    expect(second.headers.getSetCookie().some((c) => c.startsWith(`${COOKIE}=`))).toBe(false);
    expect(await countRemembered(user.userId)).toBe(0);
    const refused = await call<ErrorBody>(loginMfa, "/api/login/mfa/", { mfa_token: "x", code: "123456", remember_browser: "yes" });
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe("validation_error");
  });

  it("answers 404 for another user's browser or a malformed id, and forgets nothing", async () => {
    const owner = await rememberedUser();
    const stranger = await rememberedUser();
    const [theirs] = (await call<{ trusted_browsers: TrustedBrowserItem[] }>(listBrowsers, "/api/mfa/trusted-browsers/", undefined, { method: "GET", ...bearer(stranger.user.access) })).body
      .trusted_browsers;
    for (const id of [theirs!.id, "not-a-uuid"]) {
      const res = await call<ErrorBody>(forgetById(id), `/api/mfa/trusted-browsers/${id}/`, undefined, { method: "DELETE", ...bearer(owner.user.access) });
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ detail: "No such remembered browser.", code: "not_found" });
    }
    expect(await skipsSecondStep(stranger.user, stranger.token)).toBe(true);
    expect(await skipsSecondStep(owner.user, owner.token)).toBe(true);
  });

  it("opens no session for a sign-in whose browser was forgotten after the account was read", async () => {
    const { user, token } = await rememberedUser();
    const account = await findSignInAccount({ email: user.email, trustedBrowserHash: hashTrustedBrowserToken(token) });
    expect(account?.trustedBrowserId).toEqual(expect.any(String));
    // "Forget all" commits between the sign-in's read of the account and its statement.
    expect((await call(forgetAll, "/api/mfa/trusted-browsers/", undefined, { method: "DELETE", ...bearer(user.access) })).status).toBe(204);
    const completion = { meta: { ip: null, userAgent: null }, kind: "sign_in" as const, event: "login_succeeded" as const, usesTrustedBrowser: account!.trustedBrowserId };
    await expect(completeSignIn({ user: toSignInUser(account!), methods: ["pwd", "rbrowser"], at: new Date() }, completion)).rejects.toMatchObject({ code: "authentication_failed" });
    expect(await (await getPrisma()).session.count({ where: { userId: user.userId, amr: { has: "rbrowser" } } })).toBe(0);
  });

  it("forgets them all with DELETE /api/mfa/trusted-browsers/, audited", async () => {
    const { user, token } = await rememberedUser();
    const res = await call(forgetAll, "/api/mfa/trusted-browsers/", undefined, { method: "DELETE", ...bearer(user.access) });
    expect(res.status, res.text).toBe(204);
    expect(await skipsSecondStep(user, token)).toBe(false);
    const audited = await (await getPrisma()).auditEvent.findFirst({ where: { userId: user.userId, event: "trusted_browser_forgotten" } });
    expect(audited?.detail).toEqual({ reason: "owner", forgotten: 1 });
  });
});

describe("what forgets every remembered browser", () => {
  it("a password change", async () => {
    const { user, token, session } = await rememberedUser();
    // The remembering sign-in proved a recovery code just now: its session passes the step-up.
    const changed = await call(changePassword, "/api/password/change/", { current_password: user.password, password: NEW_PASSWORD, password2: NEW_PASSWORD }, bearer(session.access));
    expect(changed.status, changed.text).toBe(200);
    expect(await countRemembered(user.userId)).toBe(0);
    expect(await skipsSecondStep({ ...user, password: NEW_PASSWORD }, token)).toBe(false);
    const audited = await (await getPrisma()).auditEvent.findFirst({ where: { userId: user.userId, event: "trusted_browser_forgotten" } });
    expect(audited?.detail).toEqual({ reason: "password_changed", forgotten: 1 });
  });

  it("a password reset, which keeps the factor", async () => {
    const { user, token } = await rememberedUser();
    expect((await call(requestReset, "/api/password/reset/", { email: user.email })).status).toBe(200);
    const reset = await call(confirmReset, "/api/password/reset/confirm/", { email: user.email, otp: await readOtp(user.email), password: NEW_PASSWORD, password2: NEW_PASSWORD });
    expect(reset.status, reset.text).toBe(200);
    expect(await countRemembered(user.userId)).toBe(0);
    expect(await skipsSecondStep({ ...user, password: NEW_PASSWORD }, token)).toBe(false);
  });

  it("turning the authenticator app off", async () => {
    const { user, token, totp } = await rememberedUser();
    const removed = await call(removeTotp, "/api/mfa/totp/", { password: user.password, code: totpCode(totp.secret, 1) }, { method: "DELETE", ...bearer(user.access) });
    expect(removed.status, removed.text).toBe(204);
    expect(await countRemembered(user.userId)).toBe(0);
    const audited = await (await getPrisma()).auditEvent.findFirst({ where: { userId: user.userId, event: "mfa_disabled" } });
    expect(audited?.detail).toMatchObject({ trustedBrowsersForgotten: 1 });
  });

  it("adding a passkey", async () => {
    const { user, token, session } = await rememberedUser();
    // The remembering sign-in proved a recovery code just now: its session passes the step-up.
    await addPasskey({ access: session.access });
    expect(await countRemembered(user.userId)).toBe(0);
    expect(await skipsSecondStep(user, token)).toBe(false);
    const audited = await (await getPrisma()).auditEvent.findFirst({ where: { userId: user.userId, event: "trusted_browser_forgotten" } });
    expect(audited?.detail).toEqual({ reason: "passkey_added", forgotten: 1 });
  });

  it("\"This wasn't me\"", async () => {
    const { user, token } = await rememberedUser();
    const res = await call(secureAccount, "/api/account/secure/", {}, bearer(user.access));
    expect(res.status, res.text).toBe(200);
    expect(await skipsSecondStep(user, token)).toBe(false);
    const audited = await (await getPrisma()).auditEvent.findFirst({ where: { userId: user.userId, event: "trusted_browser_forgotten" } });
    expect(audited?.detail).toEqual({ reason: "account_secured", forgotten: 1 });
  });

  it("signing out everywhere", async () => {
    const { user, token } = await rememberedUser();
    const res = await call(logoutAll, "/api/logout/all/", {}, bearer(user.access));
    expect(res.status, res.text).toBe(205);
    expect(await countRemembered(user.userId)).toBe(0);
    expect(await skipsSecondStep(user, token)).toBe(false);
  });
});
