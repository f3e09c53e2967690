import { describe, expect, it } from "vitest";
import { POST as login } from "@/app/api/login/route";
import { POST as changePassword } from "@/app/api/password/change/route";
import { POST as confirmReset } from "@/app/api/password/reset/confirm/route";
import { POST as requestReset } from "@/app/api/password/reset/route";
import { POST as refresh } from "@/app/api/refresh/route";
import { settleBackground } from "@/lib/background";
import { getPrisma } from "@/lib/db/client";
import { call, getFakeResend, readOtp, setTestEnv, signUp, signUpVerified, type CapturedEmail, type TokenBody } from "../support";

const FIREFOX_LINUX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
const SAFARI_IPHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";
const NEW_PASSWORD = "Lantern-Orchard-Mosaic-58";

const from = (userAgent: string, ip: string) => ({ headers: { "user-agent": userAgent, "x-auth-socket-address": ip } });

/** Mail to `address` after the background work of the request settled, codes left out. */
async function noticesTo(address: string): Promise<CapturedEmail[]> {
  await settleBackground();
  return getFakeResend().emails.filter((mail) => mail.to.includes(address) && !/\b\d{6}\b/.test(mail.text));
}

/** Every notice names the time (UTC), the device and the IP, and says what to do if it was not the reader. */
function expectFacts(mail: CapturedEmail | undefined, device: string, ip: string): void {
  expect(mail?.text).toMatch(/^When: \d{1,2} [A-Z][a-z]+ \d{4} at \d{2}:\d{2} UTC$/m);
  expect(mail?.text).toContain(`Device: ${device}\n`);
  expect(mail?.text).toContain(`IP address: ${ip}\n`);
  expect(mail?.text).toMatch(/^If it was not you: .+/m);
  expect(mail?.html).toContain(device);
}

describe("security emails", () => {
  it("announce a sign-in from a device the account has not used, once per device", async () => {
    const user = await signUpVerified(from(FIREFOX_LINUX, "198.51.100.4"));
    expect((await call(login, "/api/login/", { email: user.email, password: user.password }, from(FIREFOX_LINUX, "198.51.100.9"))).status).toBe(200);
    expect(await noticesTo(user.email)).toEqual([]);

    expect((await call(login, "/api/login/", { email: user.email, password: user.password }, from(SAFARI_IPHONE, "203.0.113.7"))).status).toBe(200);
    const [notice, ...more] = await noticesTo(user.email);
    expect(more).toEqual([]);
    expect(notice?.subject).toBe("New sign-in to your account");
    expectFacts(notice, "Safari on iPhone", "203.0.113.7");
    expect(notice?.text).toContain('someone knows your password. Reset your password now with "Forgot your password?" on the sign-in page');

    expect((await call(login, "/api/login/", { email: user.email, password: user.password }, from(SAFARI_IPHONE, "203.0.113.8"))).status).toBe(200);
    expect(await noticesTo(user.email)).toHaveLength(1);
  });

  it("write nothing to an unverified address, which may be a stranger's", async () => {
    const user = await signUp(from(FIREFOX_LINUX, "198.51.100.4"));
    expect((await call(login, "/api/login/", { email: user.email, password: user.password }, from(SAFARI_IPHONE, "203.0.113.7"))).status).toBe(200);
    expect(await noticesTo(user.email)).toEqual([]);
  });

  it("tell the account its password was changed, and that it was reset", async () => {
    const user = await signUpVerified(from(FIREFOX_LINUX, "198.51.100.4"));
    const body = { current_password: user.password, password: NEW_PASSWORD, password2: NEW_PASSWORD };
    const changed = await call(changePassword, "/api/password/change/", body, { headers: { ...from(FIREFOX_LINUX, "198.51.100.5").headers, authorization: `Bearer ${user.access}` } });
    expect(changed.status).toBe(200);
    const [notice] = await noticesTo(user.email);
    expect(notice?.subject).toBe("Your password was changed");
    expectFacts(notice, "Firefox on Linux", "198.51.100.5");

    expect((await call(requestReset, "/api/password/reset/", { email: user.email })).status).toBe(200);
    const reset = { email: user.email, otp: await readOtp(user.email), password: "Harbor-Velvet-Kestrel-31", password2: "Harbor-Velvet-Kestrel-31" };
    expect((await call(confirmReset, "/api/password/reset/confirm/", reset, from(SAFARI_IPHONE, "203.0.113.7"))).status).toBe(200);
    const notices = await noticesTo(user.email);
    expect(notices.map((mail) => mail.subject)).toEqual(["Your password was changed", "Your password was reset"]);
    expectFacts(notices[1], "Safari on iPhone", "203.0.113.7");
    expect(notices[1]?.text).toContain("Change the password of your email account first. Then reset your password now");
  });

  it("tell the account that a reused refresh token ended a session, naming that session's device", async () => {
    setTestEnv({ REFRESH_REUSE_GRACE: "0" });
    const user = await signUpVerified(from(FIREFOX_LINUX, "198.51.100.4"));
    const phone = (await call<TokenBody>(login, "/api/login/", { email: user.email, password: user.password }, from(SAFARI_IPHONE, "203.0.113.7"))).body;
    expect((await noticesTo(user.email)).map((mail) => mail.subject)).toEqual(["New sign-in to your account"]);
    const before = getFakeResend().emails.length;
    expect((await call(refresh, "/api/refresh/", { refresh: phone.refresh }, from(SAFARI_IPHONE, "203.0.113.7"))).status).toBe(200);
    const replay = await call(refresh, "/api/refresh/", { refresh: phone.refresh }, from(FIREFOX_LINUX, "192.0.2.66"));
    expect(replay.status).toBe(401);
    const notice = (await noticesTo(user.email)).find((mail) => mail.subject === "A session of your account was signed out");
    expect(notice?.text).toContain("your session on Safari on iPhone was presented again");
    expectFacts(notice, "Firefox on Linux", "192.0.2.66");
    // A second replay finds the session already ended: no second email.
    expect((await call(refresh, "/api/refresh/", { refresh: phone.refresh }, from(FIREFOX_LINUX, "192.0.2.66"))).status).toBe(401);
    await settleBackground();
    expect(getFakeResend().emails.length - before).toBe(1);
  });

  it("go out after the answer, and a provider failure is audited while the sign-in succeeds", async () => {
    setTestEnv({ EMAIL_TIMEOUT_MS: "8000" });
    const user = await signUpVerified(from(FIREFOX_LINUX, "198.51.100.4"));
    getFakeResend().setMode("hang");
    const started = Date.now();
    const res = await call(login, "/api/login/", { email: user.email, password: user.password }, from(SAFARI_IPHONE, "203.0.113.7"));
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(8000);
    await settleBackground();
    const failed = await (await getPrisma()).auditEvent.findMany({ where: { userId: user.userId, event: "security_email_failed" } });
    expect(failed.map((row) => row.detail)).toEqual([{ kind: "new_device", reason: "timed out after 8000 ms" }]);

    getFakeResend().setMode("fail");
    expect((await call(login, "/api/login/", { email: user.email, password: user.password }, from("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0", "203.0.113.9"))).status).toBe(200);
    await settleBackground();
    const reasons = await (await getPrisma()).auditEvent.findMany({ where: { userId: user.userId, event: "security_email_failed" }, orderBy: { id: "asc" } });
    expect(reasons.at(-1)?.detail).toMatchObject({ kind: "new_device", reason: expect.stringContaining("Provider unavailable") });
  });
});
