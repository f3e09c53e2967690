// The security emails of the second factors (issue 19): turned on, turned off, a recovery code used (with
// how many remain), recovery codes replaced; to a verified address only, read from the fake Resend inbox.
import { describe, expect, it } from "vitest";
import { POST as login } from "@/app/api/login/route";
import { POST as loginMfa } from "@/app/api/login/mfa/route";
import { POST as regenerate } from "@/app/api/mfa/recovery-codes/route";
import { DELETE as removeTotp } from "@/app/api/mfa/totp/route";
import { POST as stepUp } from "@/app/api/mfa/verify/route";
import { settleBackground } from "@/lib/background";
import { getPrisma } from "@/lib/db/client";
import { bearer, call, getFakeResend, signUpVerified, type CapturedEmail, type SignedUpUser, type TokenBody } from "../support";
import { enrolTotp, totpCode } from "../support/mfa";

const FIREFOX_LINUX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
const from = { headers: { "user-agent": FIREFOX_LINUX, "x-auth-socket-address": "198.51.100.23" } };

/** The notices (mail without a code) to `address`, once the request's background work has settled. */
async function noticesTo(address: string): Promise<CapturedEmail[]> {
  await settleBackground();
  return getFakeResend().emails.filter((mail) => mail.to.includes(address) && !/\b\d{6}\b/.test(mail.text));
}

const subjects = async (user: SignedUpUser) => (await noticesTo(user.email)).map((mail) => mail.subject);

async function signInWithRecoveryCode(user: SignedUpUser, recoveryCode: string): Promise<TokenBody> {
  const first = await call<{ mfa_token: string }>(login, "/api/login/", { email: user.email, password: user.password }, from);
  const second = await call<TokenBody>(loginMfa, "/api/login/mfa/", { mfa_token: first.body.mfa_token, recovery_code: recoveryCode }, from);
  expect(second.status, second.text).toBe(200);
  return second.body;
}

describe("second-factor security emails", () => {
  it("tell the owner the app was turned on, a recovery code was used (and how many remain), codes were replaced, the app was turned off", async () => {
    const user = await signUpVerified(from);
    const totp = await enrolTotp(user);
    const [enabled] = await noticesTo(user.email);
    expect(enabled?.subject).toBe("Two-factor authentication was turned on");

    const session = await signInWithRecoveryCode(user, totp.recoveryCodes[0]!);
    const used = (await noticesTo(user.email)).filter((mail) => mail.subject === "A recovery code of your account was used");
    expect(used).toHaveLength(1);
    expect(used[0]?.text).toContain("9 unused codes remain");
    expect(used[0]?.text).toContain("Device: Firefox on Linux\n");
    expect(used[0]?.text).toContain("IP address: 198.51.100.23\n");

    // A recovery code used for a step-up is announced the same way.
    const stepped = await call<TokenBody>(stepUp, "/api/mfa/verify/", { recovery_code: totp.recoveryCodes[1] }, bearer(session.access));
    expect(stepped.status, stepped.text).toBe(200);
    expect((await noticesTo(user.email)).filter((mail) => mail.subject === "A recovery code of your account was used").map((mail) => /(\d) unused codes remain/.exec(mail.text)?.[1])).toEqual(["9", "8"]);

    expect((await call(regenerate, "/api/mfa/recovery-codes/", {}, bearer(stepped.body.access))).status).toBe(200);
    expect((await subjects(user)).filter((subject) => subject === "New recovery codes were made for your account")).toHaveLength(1);

    const removed = await call(removeTotp, "/api/mfa/totp/", { password: user.password, code: totpCode(totp.secret, 1) }, { method: "DELETE", ...bearer(user.access) });
    expect(removed.status, removed.text).toBe(204);
    expect(await subjects(user)).toEqual([
      "Two-factor authentication was turned on",
      "A recovery code of your account was used",
      "A recovery code of your account was used",
      "New recovery codes were made for your account",
      "Two-factor authentication was turned off",
    ]);
  });

  it("are not sent for a refused code, nor to an address that is not verified", async () => {
    const user = await signUpVerified(from);
    const totp = await enrolTotp(user);
    await noticesTo(user.email);
    const before = (await noticesTo(user.email)).length;
    const refused = await call(stepUp, "/api/mfa/verify/", { recovery_code: "AAAAA-AAAAA" }, bearer(user.access));
    expect(refused.status).toBe(400);
    expect((await noticesTo(user.email)).length).toBe(before);

    await (await getPrisma()).user.update({ where: { id: user.userId }, data: { isVerified: false } });
    await signInWithRecoveryCode(user, totp.recoveryCodes[2]!);
    expect((await subjects(user)).filter((subject) => subject === "A recovery code of your account was used")).toEqual([]);
  });
});
