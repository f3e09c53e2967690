// An account with both kinds of second factor: recovery codes belong to the account, not to one factor.
// Adding the authenticator app beside a passkey keeps the codes the person saved (and says two-factor was on
// already); a factor added when no unused code is left brings ten new ones.
import { describe, expect, it } from "vitest";
import { GET as mfaStatus } from "@/app/api/mfa/route";
import { POST as confirm } from "@/app/api/mfa/totp/confirm/route";
import { DELETE as removeTotp } from "@/app/api/mfa/totp/route";
import { POST as setup } from "@/app/api/mfa/totp/setup/route";
import { settleBackground } from "@/lib/background";
import { getPrisma } from "@/lib/db/client";
import type { SecondFactorStatus } from "@/lib/auth/mfa";
import { bearer, call, getFakeResend, signInWithSecondFactor, signUpVerified, totpCode, type ErrorBody, type SignedUpUser } from "../support";
import { addPasskey } from "../support/passkeys";
import { SoftPasskey } from "../support/webauthn";

interface Confirmed {
  recovery_codes: string[];
  recovery_codes_remaining: number;
}

async function addApp(user: SignedUpUser): Promise<{ secret: string; confirmed: Confirmed }> {
  const started = await call<{ secret: string }>(setup, "/api/mfa/totp/setup/", { password: user.password }, bearer(user.access));
  expect(started.status, started.text).toBe(200);
  const confirmed = await call<Confirmed>(confirm, "/api/mfa/totp/confirm/", { code: totpCode(started.body.secret) }, bearer(user.access));
  expect(confirmed.status, confirmed.text).toBe(200);
  return { secret: started.body.secret, confirmed: confirmed.body };
}

/** The subjects of the mail sent to `address`, once the requests' background work has settled. */
async function subjectsTo(address: string): Promise<string[]> {
  await settleBackground();
  return getFakeResend()
    .emails.filter((mail) => mail.to.includes(address))
    .map((mail) => mail.subject);
}

/** What a recent second factor (a passkey, say) would have done to the session: the gate reads the session row. */
async function raiseSession(sid: string): Promise<void> {
  await (await getPrisma()).session.update({ where: { id: sid }, data: { aal: 2, amr: ["swk", "user"], authTime: new Date() } });
}

/** The app's confirmation time, which its addition's audit row records (so "This wasn't me" can tell which app it added). */
const appConfirmedAt = async (userId: string) => (await (await getPrisma()).totpFactor.findUniqueOrThrow({ where: { userId } })).confirmedAt!.toISOString();

const auditOf = async (userId: string) =>
  (await (await getPrisma()).auditEvent.findMany({ where: { userId }, orderBy: { id: "asc" } })).map((row) => ({ event: row.event, detail: row.detail }));

describe("adding the authenticator app beside a passkey", () => {
  it("keeps the account's recovery codes (none answered), and says the app was added, not that two-factor was turned on", async () => {
    const user = await signUpVerified();
    const { recoveryCodes } = await addPasskey(user, new SoftPasskey());
    expect(recoveryCodes).toHaveLength(10);
    // Adding a factor beside one needs a recent second factor, as adding another passkey does.
    const unproved = await call<ErrorBody>(setup, "/api/mfa/totp/setup/", { password: user.password }, bearer(user.access));
    expect(unproved.status).toBe(403);
    expect(unproved.body).toMatchObject({ code: "step_up_required", methods: ["passkey", "recovery_code"] });
    // One code spent at a sign-in (a session at two factors): the count the person sees must survive the app's addition too.
    const session = await signInWithSecondFactor(user, { recovery_code: recoveryCodes![0]! });

    const { confirmed } = await addApp({ ...user, access: session.access });
    // Beside the codes, the pair of the confirming session, raised (tests/integration/mfa-confirm-raises.test.ts).
    expect(confirmed).toEqual({ recovery_codes: [], recovery_codes_remaining: 9, access: expect.any(String), refresh: expect.any(String) });

    // The codes saved with the passkey still sign in; none was replaced.
    await signInWithSecondFactor(user, { recovery_code: recoveryCodes![1]! });
    const status = await call<SecondFactorStatus>(mfaStatus, "/api/mfa/", undefined, { method: "GET", ...bearer(user.access) });
    expect(status.body).toMatchObject({ enabled: true, methods: ["totp", "passkey", "recovery_code"], totp: { enabled: true }, passkeys: { count: 1 }, recovery_codes: { remaining: 8 } });

    const events = (await auditOf(user.userId)).filter((row) => ["mfa_enabled", "totp_added", "recovery_codes_regenerated"].includes(row.event));
    expect(events).toEqual([{ event: "totp_added", detail: { method: "totp", confirmedAt: await appConfirmedAt(user.userId), recoveryCodesIssued: false } }]);
    const subjects = await subjectsTo(user.email);
    expect(subjects).toContain("An authenticator app was added to your account");
    expect(subjects).not.toContain("Two-factor authentication was turned on");
  });

  it("removing the app beside a passkey keeps two-factor on and the recovery codes, and says so", async () => {
    const user = await signUpVerified();
    const { recoveryCodes } = await addPasskey(user, new SoftPasskey());
    await raiseSession(user.sid);
    const { secret } = await addApp(user);
    const removed = await call(removeTotp, "/api/mfa/totp/", { password: user.password, code: totpCode(secret, 1) }, { method: "DELETE", ...bearer(user.access) });
    expect(removed.status, removed.text).toBe(204);
    const status = await call<SecondFactorStatus>(mfaStatus, "/api/mfa/", undefined, { method: "GET", ...bearer(user.access) });
    expect(status.body).toMatchObject({ enabled: true, methods: ["passkey", "recovery_code"], totp: { enabled: false }, recovery_codes: { remaining: 10 } });
    await signInWithSecondFactor(user, { recovery_code: recoveryCodes![0]! });

    const events = (await auditOf(user.userId)).filter((row) => ["mfa_disabled", "totp_removed"].includes(row.event));
    expect(events).toEqual([{ event: "totp_removed", detail: { method: "totp", by: "otp", recoveryCodesDeleted: 0, trustedBrowsersForgotten: 0 } }]);
    const subjects = await subjectsTo(user.email);
    expect(subjects).toContain("An authenticator app was removed from your account");
    expect(subjects).not.toContain("Two-factor authentication was turned off");
  });

  it("gives ten new codes when the account has no unused one left, and stays 'turned on' for a first factor", async () => {
    const user = await signUpVerified();
    const first = await addApp(user);
    expect(first.confirmed.recovery_codes).toHaveLength(10);
    expect(first.confirmed.recovery_codes_remaining).toBe(10);
    expect((await auditOf(user.userId)).filter((row) => row.event === "mfa_enabled")).toEqual([
      { event: "mfa_enabled", detail: { method: "totp", confirmedAt: await appConfirmedAt(user.userId), recoveryCodesIssued: true } },
    ]);

    const spent = await signUpVerified();
    const { recoveryCodes } = await addPasskey(spent, new SoftPasskey());
    await raiseSession(spent.sid);
    await (await getPrisma()).recoveryCode.updateMany({ where: { userId: spent.userId }, data: { usedAt: new Date() } });
    const { confirmed } = await addApp(spent);
    expect(confirmed.recovery_codes).toHaveLength(10);
    expect(confirmed.recovery_codes).not.toEqual(expect.arrayContaining([recoveryCodes![0]]));
    expect(confirmed.recovery_codes_remaining).toBe(10);
    expect(await (await getPrisma()).recoveryCode.count({ where: { userId: spent.userId, usedAt: null } })).toBe(10);
    expect((await auditOf(spent.userId)).find((row) => row.event === "totp_added")?.detail).toEqual({ method: "totp", confirmedAt: await appConfirmedAt(spent.userId), recoveryCodesIssued: true });
  });
});
