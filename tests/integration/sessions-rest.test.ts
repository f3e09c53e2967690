// The user's own sessions beyond one at a time: DELETE /api/sessions/{id}/, "sign out everywhere else",
// "sign out everywhere", "This wasn't me", device names, and how a browser learns its session ended.
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { POST as secure } from "@/app/api/account/secure/route";
import { POST as login } from "@/app/api/login/route";
import { POST as logoutAll } from "@/app/api/logout/all/route";
import { POST as confirmReset } from "@/app/api/password/reset/confirm/route";
import { POST as requestReset } from "@/app/api/password/reset/route";
import { POST as refresh } from "@/app/api/refresh/route";
import { POST as register } from "@/app/api/register/route";
import { DELETE as deleteSession, GET as getSession } from "@/app/api/sessions/[id]/route";
import { POST as revokeOthers } from "@/app/api/sessions/revoke-others/route";
import { GET as listSessions } from "@/app/api/sessions/route";
import { getAccountOverview } from "@/lib/auth/account-overview";
import { authenticateAccessToken } from "@/lib/auth/principal";
import { wasSessionEndedElsewhere } from "@/lib/auth/session";
import { settleBackground } from "@/lib/background";
import { getPrisma } from "@/lib/db/client";
import { accountSecuredSchema, sessionsEndedSchema } from "@/lib/http/openapi/operations/sessions";
import { proxy } from "@/proxy";
import { bearer, call, getFakeResend, newUser, readOtp, setTestEnv, signUp, type ErrorBody, type SessionsBody, type SignedUpUser, type TokenBody, type ValidationBody } from "../support";

const FIREFOX_LINUX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
const SAFARI_IPHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
const CHROME_ANDROID = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36";
const sameOrigin = { "sec-fetch-site": "same-origin" };

/** DELETE /api/sessions/{id}/ as Next calls it: the id comes in the route's params. */
const deleteById = (id: string) => (request: Request) => deleteSession(request, { params: Promise.resolve({ id }) });

const signIn = async (user: SignedUpUser, userAgent: string): Promise<TokenBody> => {
  const res = await call<TokenBody>(login, "/api/login/", { email: user.email, password: user.password }, { headers: { "user-agent": userAgent } });
  expect(res.status).toBe(200);
  return res.body;
};

const isRefreshAccepted = async (token: string): Promise<boolean> => (await call(refresh, "/api/refresh/", { refresh: token })).status === 200;

const sessionsOf = async (access: string): Promise<SessionsBody["sessions"]> => {
  const res = await call<SessionsBody>(listSessions, "/api/sessions/", undefined, { method: "GET", ...bearer(access) });
  expect(res.status).toBe(200);
  return res.body.sessions;
};

const auditRows = async (userId: string, event: string) => (await getPrisma()).auditEvent.findMany({ where: { userId, event } });

/** A browser that registered through the pages: its cookie header. */
async function browserCookies(userAgent = FIREFOX_LINUX): Promise<{ cookie: string; email: string }> {
  const user = newUser();
  const res = await call(register, "/api/register/", user, { headers: { "x-auth-transport": "cookie", "user-agent": userAgent, ...sameOrigin } });
  expect(res.status).toBe(201);
  return { cookie: res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; "), email: user.email };
}

const clearsBothCookies = (res: { headers: Headers }): boolean => {
  const cleared = res.headers.getSetCookie().filter((c) => /Max-Age=0/i.test(c));
  return cleared.some((c) => c.startsWith("access=;")) && cleared.some((c) => c.startsWith("refresh=;"));
};

describe("device names in the sessions API", () => {
  it("names each session's device from its user agent, and says so when it cannot", async () => {
    const user = await signUp({ headers: { "user-agent": "Phone/1.0" } });
    await signIn(user, SAFARI_IPHONE);
    const firefox = await signIn(user, FIREFOX_LINUX);
    const sessions = await sessionsOf(firefox.access);
    const devices = Object.fromEntries(sessions.map((s) => [s.user_agent, s.device]));
    expect(devices).toEqual({ "Phone/1.0": "Unknown device", [SAFARI_IPHONE]: "Safari on iPhone", [FIREFOX_LINUX]: "Firefox on Linux" });
    expect(sessions.find((s) => s.current)?.device).toBe("Firefox on Linux");
  });
});

describe("DELETE /api/sessions/{id}/", () => {
  it("ends one of the caller's other sessions (204), audited, and the caller goes on", async () => {
    const user = await signUp({ headers: { "user-agent": CHROME_ANDROID } });
    const laptop = await signIn(user, FIREFOX_LINUX);
    const res = await call(deleteById(user.sid), `/api/sessions/${user.sid}/`, undefined, { method: "DELETE", ...bearer(laptop.access) });
    expect(res.status).toBe(204);
    expect(res.text).toBe("");
    expect(await isRefreshAccepted(user.refresh)).toBe(false);
    expect((await sessionsOf(laptop.access)).map((s) => s.device)).toEqual(["Firefox on Linux"]);
    expect(await auditRows(user.userId, "session_revoked")).toHaveLength(1);
    // Already ended: nothing to end.
    const again = await call<ErrorBody>(deleteById(user.sid), `/api/sessions/${user.sid}/`, undefined, { method: "DELETE", ...bearer(laptop.access) });
    expect(again.status).toBe(404);
    expect(again.body.code).toBe("not_found");
  });

  it("answers 404 for another user's session, which stays alive; 401 without a token; 404 for a malformed id", async () => {
    const mine = await signUp();
    const theirs = await signUp();
    const res = await call<ErrorBody>(deleteById(theirs.sid), `/api/sessions/${theirs.sid}/`, undefined, { method: "DELETE", ...bearer(mine.access) });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ detail: "No such active session.", code: "not_found" });
    expect(await isRefreshAccepted(theirs.refresh)).toBe(true);
    expect(await auditRows(mine.userId, "session_revoked")).toHaveLength(0);

    const anonymous = await call<ErrorBody>(deleteById(theirs.sid), `/api/sessions/${theirs.sid}/`, undefined, { method: "DELETE" });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.code).toBe("not_authenticated");
    for (const id of ["not-a-uuid", "1' OR '1'='1", ""]) {
      const bad = await call<ErrorBody>(deleteById(id), `/api/sessions/${encodeURIComponent(id)}/`, undefined, { method: "DELETE", ...bearer(mine.access) });
      expect(bad.status, id).toBe(404);
    }
  });

  it("allows only DELETE", async () => {
    const res = await call<ErrorBody>(getSession, "/api/sessions/x/", undefined, { method: "GET" });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("DELETE");
  });
});

describe("POST /api/sessions/revoke-others/", () => {
  it("ends every session but the caller's, says how many, and leaves other accounts alone", async () => {
    const user = await signUp({ headers: { "user-agent": CHROME_ANDROID } });
    const phone = await signIn(user, SAFARI_IPHONE);
    const laptop = await signIn(user, FIREFOX_LINUX);
    const stranger = await signUp();

    const res = await call<{ sessions_ended: number }>(revokeOthers, "/api/sessions/revoke-others/", {}, bearer(laptop.access));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ sessions_ended: 2 });
    expect(sessionsEndedSchema.strict().safeParse(res.body).success, "the documented shape").toBe(true);
    expect(await isRefreshAccepted(user.refresh)).toBe(false);
    expect(await isRefreshAccepted(phone.refresh)).toBe(false);
    expect(await isRefreshAccepted(laptop.refresh)).toBe(true);
    expect(await isRefreshAccepted(stranger.refresh)).toBe(true);
    const [audit] = await auditRows(user.userId, "other_sessions_revoked");
    expect(audit?.detail).toEqual({ sessionsEnded: 2 });

    // Nothing left to end; a bodyless POST (curl -X POST with a token) is fine.
    const again = await call<{ sessions_ended: number }>(revokeOthers, "/api/sessions/revoke-others/", undefined, { headers: { ...bearer(laptop.access).headers, "content-type": "" } });
    expect(again.body).toEqual({ sessions_ended: 0 });
  });

  it("refuses unknown fields and anonymous callers", async () => {
    const user = await signUp();
    const extra = await call<ValidationBody>(revokeOthers, "/api/sessions/revoke-others/", { everything: true }, bearer(user.access));
    expect(extra.status).toBe(400);
    expect(extra.body.code).toBe("validation_error");
    expect(await isRefreshAccepted(user.refresh)).toBe(true);
    expect((await call(revokeOthers, "/api/sessions/revoke-others/", {})).status).toBe(401);
  });
});

describe("POST /api/logout/all/", () => {
  it("ends every session, the caller's too (205), audited in one row", async () => {
    const user = await signUp();
    const laptop = await signIn(user, FIREFOX_LINUX);
    const stranger = await signUp();
    const res = await call(logoutAll, "/api/logout/all/", {}, bearer(laptop.access));
    expect(res.status).toBe(205);
    expect(res.text).toBe("");
    expect(await isRefreshAccepted(user.refresh)).toBe(false);
    expect(await isRefreshAccepted(laptop.refresh)).toBe(false);
    expect(await isRefreshAccepted(stranger.refresh)).toBe(true);
    const after = await call<ErrorBody>(listSessions, "/api/sessions/", undefined, { method: "GET", ...bearer(laptop.access) });
    expect(after.status).toBe(401);
    const [audit] = await auditRows(user.userId, "logout_everywhere");
    expect(audit?.detail).toEqual({ sessionsEnded: 2 });
  });

  it("clears the pages' cookies like logout does", async () => {
    const browser = await browserCookies();
    const res = await call(logoutAll, "/api/logout/all/", {}, { headers: { cookie: browser.cookie, "x-auth-transport": "cookie", ...sameOrigin } });
    expect(res.status).toBe(205);
    expect(clearsBothCookies(res)).toBe(true);
    const refreshCookie = browser.cookie.split("; ").find((c) => c.startsWith("refresh="))!.slice("refresh=".length);
    expect(await isRefreshAccepted(refreshCookie)).toBe(false);
  });

  it("refuses a cross-site request riding on the cookies, and anonymous callers", async () => {
    const browser = await browserCookies();
    const res = await call<ErrorBody>(logoutAll, "/api/logout/all/", {}, { headers: { cookie: browser.cookie, "x-auth-transport": "cookie", "sec-fetch-site": "cross-site" } });
    expect(res.status).toBe(403);
    const refreshCookie = browser.cookie.split("; ").find((c) => c.startsWith("refresh="))!.slice("refresh=".length);
    expect(await isRefreshAccepted(refreshCookie)).toBe(true);
    expect((await call(logoutAll, "/api/logout/all/", {})).status).toBe(401);
  });
});

describe("POST /api/account/secure/ (\"This wasn't me\")", () => {
  it("ends every session and emails a reset code that works; the reported event is audited", async () => {
    setTestEnv({ OTP_RESEND_COOLDOWN: "60" });
    const user = await signUp();
    const intruder = await signIn(user, SAFARI_IPHONE);
    await settleBackground();
    const [signInEvent] = await auditRows(user.userId, "login_succeeded");
    const mailsBefore = getFakeResend().emails.length;

    const res = await call<{ detail: string; sessions_ended: number; reset_code_sent: boolean }>(
      secure,
      "/api/account/secure/",
      { event_id: signInEvent!.id.toString() },
      bearer(user.access),
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ sessions_ended: 2, reset_code_sent: true });
    expect(accountSecuredSchema.strict().safeParse(res.body).success, "the documented shape").toBe(true);
    expect(res.body.detail).toContain("reset your password");
    expect(await isRefreshAccepted(user.refresh)).toBe(false);
    expect(await isRefreshAccepted(intruder.refresh)).toBe(false);

    await settleBackground();
    const mail = getFakeResend().emails.slice(mailsBefore).find((m) => m.to.includes(user.email));
    expect(mail?.subject).toContain("password reset code");
    const [audit] = await auditRows(user.userId, "account_secured");
    expect(audit?.detail).toMatchObject({ sessionsEnded: 2, reportedEvent: { id: signInEvent!.id.toString(), event: "login_succeeded" } });

    const password = "Fresh-Lantern-Orbit-42";
    const reset = await call(confirmReset, "/api/password/reset/confirm/", { email: user.email, otp: await readOtp(user.email), password, password2: password });
    expect(reset.status).toBe(200);
    expect((await call(login, "/api/login/", { email: user.email, password: user.password })).status).toBe(401);
  });

  it("still ends every session inside the reset cooldown, and says the recent code is the one to use", async () => {
    setTestEnv({ OTP_RESEND_COOLDOWN: "60" });
    const user = await signUp();
    expect((await call(requestReset, "/api/password/reset/", { email: user.email })).status).toBe(200);
    const res = await call<{ detail: string; sessions_ended: number; reset_code_sent: boolean }>(secure, "/api/account/secure/", {}, bearer(user.access));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ sessions_ended: 1, reset_code_sent: false });
    expect(res.body.detail).toContain("moments ago");
    expect(await isRefreshAccepted(user.refresh)).toBe(false);
  });

  it("refuses someone else's event (404), one not to report and a malformed id (400) without ending anything", async () => {
    const user = await signUp();
    const other = await signUp();
    const [theirEvent] = await auditRows(other.userId, "user_registered");
    const foreign = await call<ErrorBody>(secure, "/api/account/secure/", { event_id: theirEvent!.id.toString() }, bearer(user.access));
    expect(foreign.status).toBe(404);
    // The account's own creation is not something to report (the dashboard offers no "This wasn't me" for it).
    const [ownCreation] = await auditRows(user.userId, "user_registered");
    const notReportable = await call<ValidationBody>(secure, "/api/account/secure/", { event_id: ownCreation!.id.toString() }, bearer(user.access));
    expect(notReportable.status).toBe(400);
    expect(notReportable.body.errors.event_id).toEqual(["This event is not one to report: report the sign-in or change you do not recognise."]);
    for (const event_id of ["abc", "0", "-1", "99999999999999999999", 12]) {
      const bad = await call<ValidationBody>(secure, "/api/account/secure/", { event_id }, bearer(user.access));
      expect(bad.status, String(event_id)).toBe(400);
      expect(bad.body.errors.event_id).toBeDefined();
    }
    expect(await isRefreshAccepted(user.refresh)).toBe(true);
    expect(await auditRows(user.userId, "account_secured")).toHaveLength(0);
    expect((await call(secure, "/api/account/secure/", {})).status).toBe(401);
  });

  it("clears the pages' cookies", async () => {
    const browser = await browserCookies();
    const res = await call(secure, "/api/account/secure/", {}, { headers: { cookie: browser.cookie, "x-auth-transport": "cookie", ...sameOrigin } });
    expect(res.status).toBe(200);
    expect(clearsBothCookies(res)).toBe(true);
  });
});

describe("the dashboard's security events", () => {
  it("name the kind of code that was sent", async () => {
    setTestEnv({ OTP_RESEND_COOLDOWN: "0" });
    const user = await signUp();
    await call(requestReset, "/api/password/reset/", { email: user.email });
    await settleBackground();
    const overview = await getAccountOverview(await authenticateAccessToken(user.access));
    const labels = overview.events.map((event) => event.label);
    expect(labels).toContain("Password reset code sent");
    expect(labels).toContain("Verification code sent");
    expect(labels.filter((label) => label.endsWith("code sent"))).toHaveLength(2);
    const reset = overview.events.find((event) => event.label === "Password reset code sent");
    expect(reset?.isReportable).toBe(true);
    expect(overview.events.find((event) => event.label === "Account created")?.isReportable).toBe(false);
  });
});

describe("a browser whose session was ended elsewhere", () => {
  const pageRequest = (path: string, cookies: { access?: string; refresh?: string }) =>
    new NextRequest(`http://localhost:3000${path}`, { headers: { cookie: Object.entries(cookies).map(([k, v]) => `${k}=${v}`).join("; ") } });

  it("is sent to the sign-in page with the notice, and only then", async () => {
    const user = await signUp();
    const laptop = await signIn(user, FIREFOX_LINUX);
    expect(await wasSessionEndedElsewhere({ access: user.access, refresh: user.refresh })).toBe(false);
    await call(revokeOthers, "/api/sessions/revoke-others/", {}, bearer(laptop.access));
    expect(await wasSessionEndedElsewhere({ access: user.access, refresh: user.refresh })).toBe(true);
    expect(await wasSessionEndedElsewhere({ access: null, refresh: user.refresh })).toBe(true);

    const res = await proxy(pageRequest("/dashboard", { refresh: user.refresh }));
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("http://localhost:3000/login?next=%2Fdashboard&session_ended=1");
  });

  it("is not told so after its own logout, nor for a forged or unknown token", async () => {
    const browser = await browserCookies();
    const refreshCookie = browser.cookie.split("; ").find((c) => c.startsWith("refresh="))!.slice("refresh=".length);
    const { POST: logout } = await import("@/app/api/logout/route");
    expect((await call(logout, "/api/logout/", {}, { headers: { cookie: browser.cookie, "x-auth-transport": "cookie", ...sameOrigin } })).status).toBe(205);
    expect(await wasSessionEndedElsewhere({ access: null, refresh: refreshCookie })).toBe(false);
    const res = await proxy(pageRequest("/dashboard", { refresh: refreshCookie }));
    expect(res.headers.get("location")).toBe("http://localhost:3000/login?next=%2Fdashboard");
    expect(await wasSessionEndedElsewhere({ access: "garbage", refresh: `${refreshCookie.slice(0, -4)}AAAA` })).toBe(false);
    expect(await wasSessionEndedElsewhere({ access: null, refresh: null })).toBe(false);
  });
});
