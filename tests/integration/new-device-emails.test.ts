import { describe, expect, it } from "vitest";
import { POST as login } from "@/app/api/login/route";
import { POST as loginMfa } from "@/app/api/login/mfa/route";
import { settleBackground } from "@/lib/background";
import { call, getFakeResend, signUpVerified, type CallInit, type CapturedEmail, type SignedUpUser } from "../support";
import { enrolTotp, totpCode } from "../support/mfa";
import { addPasskey, finishSignIn, requestSignIn } from "../support/passkeys";

const FIREFOX_LINUX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
const SAFARI_IPHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";
const from = (userAgent: string): CallInit => ({ headers: { "user-agent": userAgent } });

/** The one new-device notice mailed to the account after the request's background work settled. */
async function newDeviceNotice(user: SignedUpUser): Promise<CapturedEmail> {
  await settleBackground();
  const notices = getFakeResend().emails.filter((mail) => mail.to.includes(user.email) && mail.subject === "New sign-in to your account");
  expect(notices).toHaveLength(1);
  return notices[0]!;
}

const passwordStep = (user: SignedUpUser, init: CallInit) =>
  call<{ mfa_token?: string }>(login, "/api/login/", { email: user.email, password: user.password }, init);

// The notice of a sign-in from a new device says how it was made (the session's amr): a passkey proves no
// password, so its notice names the passkey and must not tell the owner their password is known.
describe("the new-device email", () => {
  it("names the passkey of a passkey sign-in and does not claim the password is known", async () => {
    const user = await signUpVerified(from(FIREFOX_LINUX));
    const { key } = await addPasskey(user);
    const signedIn = await finishSignIn(key.assert((await requestSignIn(undefined, from(SAFARI_IPHONE))).body), from(SAFARI_IPHONE));
    expect(signedIn.status, signedIn.text).toBe(200);
    const notice = await newDeviceNotice(user);
    expect(notice.text).toContain('Your account was just signed in to from a device it has not used before, with the passkey "Test key", without the password.');
    expect(notice.text).toContain("If it was not you: someone can use that passkey");
    expect(notice.text).toContain("Remove that passkey on your dashboard, then reset your password");
    expect(notice.text).not.toMatch(/knows? your password/);
    expect(notice.html).toContain("the passkey &#34;Test key&#34;");
  });

  it("keeps the password wording for a password sign-in", async () => {
    const user = await signUpVerified(from(FIREFOX_LINUX));
    expect((await passwordStep(user, from(SAFARI_IPHONE))).status).toBe(200);
    const notice = await newDeviceNotice(user);
    expect(notice.text).toContain("Your account was just signed in to from a device it has not used before, with your password.");
    expect(notice.text).toContain('If it was not you: someone knows your password. Reset your password now with "Forgot your password?" on the sign-in page');
    expect(notice.text).not.toContain("passkey");
  });

  it("names both factors of a password and a code, and of a password and a passkey as the second step", async () => {
    const withCode = await signUpVerified(from(FIREFOX_LINUX));
    const { secret } = await enrolTotp(withCode);
    const first = await passwordStep(withCode, from(SAFARI_IPHONE));
    expect(first.status).toBe(403);
    const second = await call(loginMfa, "/api/login/mfa/", { mfa_token: first.body.mfa_token, code: totpCode(secret, 1) }, from(SAFARI_IPHONE));
    expect(second.status, second.text).toBe(200);
    const codeNotice = await newDeviceNotice(withCode);
    expect(codeNotice.text).toContain("from a device it has not used before, with your password and a code from your authenticator app.");
    expect(codeNotice.text).toContain("If it was not you: someone knows your password and had a code from your app.");

    const withKey = await signUpVerified(from(FIREFOX_LINUX));
    const { key } = await addPasskey(withKey);
    const step = await passwordStep(withKey, from(SAFARI_IPHONE));
    expect(step.status).toBe(403);
    const options = await requestSignIn({ mfa_token: step.body.mfa_token }, from(SAFARI_IPHONE));
    const signedIn = await call(loginMfa, "/api/login/mfa/", { mfa_token: step.body.mfa_token, passkey: key.assert(options.body) }, from(SAFARI_IPHONE));
    expect(signedIn.status, signedIn.text).toBe(200);
    const keyNotice = await newDeviceNotice(withKey);
    expect(keyNotice.text).toContain('with your password and the passkey "Test key".');
    expect(keyNotice.text).toContain("If it was not you: someone knows your password and can use that passkey. Remove that passkey on your dashboard");
  });
});
