// Staff need two factors (issue 19): the admin API admits a staff session only at aal 2 with a second
// factor on the account, unless ADMIN_REQUIRE_MFA=false. The pages apply the same gate (app/admin/require-staff.ts).
import { afterEach, describe, expect, it } from "vitest";
import { DELETE as removeFactors } from "@/app/api/admin/users/[id]/mfa/route";
import { GET as getUser, PATCH as patchUser } from "@/app/api/admin/users/[id]/route";
import { GET as listUsers } from "@/app/api/admin/users/route";
import { POST as login } from "@/app/api/login/route";
import { POST as loginMfa } from "@/app/api/login/mfa/route";
import { POST as stepUp } from "@/app/api/mfa/verify/route";
import { POST as refresh } from "@/app/api/refresh/route";
import { settleBackground } from "@/lib/background";
import { getPrisma } from "@/lib/db/client";
import { updateUserFlags } from "@/lib/db/admin-users";
import { getAccountOverview } from "@/lib/auth/account-overview";
import { authenticateAccessToken } from "@/lib/auth/principal";
import { bearer, call, decodeJwt, enrolTotp, enrolTotpElsewhere, getFakeResend, setTestEnv, signInWithTwoFactors, signUp, totpCode, type EnrolledTotp, type ErrorBody, type SignedUpUser, type TokenBody } from "../support";

async function account(flags: { staff?: boolean; superuser?: boolean } = {}): Promise<SignedUpUser> {
  const user = await signUp();
  await updateUserFlags(user.userId, { isVerified: true, isStaff: flags.staff ?? false, isSuperuser: flags.superuser ?? false });
  return user;
}

const list = (caller: { access: string }) => call<ErrorBody & { users?: unknown[] }>(listUsers, "/api/admin/users/", undefined, { method: "GET", ...bearer(caller.access) });

/** Every kind of admin handler: a read and a change, each through adminRoute. */
const routes = (id: string): [string, (request: Request) => Promise<Response>, unknown][] => [
  ["GET", listUsers, undefined],
  ["GET", (request) => getUser(request, { params: Promise.resolve({ id }) }), undefined],
  ["PATCH", (request) => patchUser(request, { params: Promise.resolve({ id }) }), { is_active: false }],
];

afterEach(() => setTestEnv());

type Remembered = TokenBody & { trusted_browser_token?: string };

/** Signs in with a recovery code, remembering this (API) client: answers the token that lets later sign-ins skip the second step. */
async function rememberClient(user: SignedUpUser, totp: EnrolledTotp, codeIndex: number): Promise<string> {
  const first = await call<ErrorBody & { mfa_token: string }>(login, "/api/login/", { email: user.email, password: user.password });
  const second = await call<Remembered>(loginMfa, "/api/login/mfa/", { mfa_token: first.body.mfa_token, recovery_code: totp.recoveryCodes[codeIndex], remember_browser: true });
  expect(second.status, second.text).toBe(200);
  return second.body.trusted_browser_token!;
}

describe("staff need two factors for the admin API", () => {
  it("refuses a staff account without a second factor with mfa_enrollment_required, in every handler, and changes nothing", async () => {
    const clerk = await account({ staff: true, superuser: true });
    const target = await account();
    for (const [method, handler, body] of routes(target.userId)) {
      const refused = await call<ErrorBody>(handler, "/api/admin/users/", body, { method, ...bearer(clerk.access) });
      expect(refused.status, method).toBe(403);
      expect(refused.body).toEqual({ code: "mfa_enrollment_required", detail: expect.stringContaining("two-factor authentication") });
    }
    // The deactivation did not happen: the target's session still renews.
    expect((await call(refresh, "/api/refresh/", { refresh: target.refresh })).status).toBe(200);
    // Someone who is not staff learns nothing about the rule: the same refusal as before.
    expect((await list(target)).body.code).toBe("forbidden");
  });

  it("asks a staff session that proved one factor (its account has one) to step up, naming the methods", async () => {
    const clerk = await account({ staff: true });
    // Enrolled from another session (confirming raises only the session that confirms): the registration's proved a password only.
    const totp = await enrolTotpElsewhere(clerk);
    const refused = await list(clerk);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: "step_up_required", methods: ["totp", "recovery_code"] });
    // Renewing the pair does not raise it: rotation copies the session's assurance.
    const renewed = await call<TokenBody>(refresh, "/api/refresh/", { refresh: clerk.refresh });
    expect(decodeJwt(renewed.body.access).payload.aal).toBe(1);
    expect((await list(renewed.body)).body.code).toBe("step_up_required");
    // Signing in with the password and a recovery code instead of the app is two factors too.
    const first = await call<ErrorBody & { mfa_token: string }>(login, "/api/login/", { email: clerk.email, password: clerk.password });
    const second = await call<TokenBody>(loginMfa, "/api/login/mfa/", { mfa_token: first.body.mfa_token, recovery_code: totp.recoveryCodes[0] });
    expect(second.status, second.text).toBe(200);
    expect((await list(second.body)).status).toBe(200);
  });

  it("asks a session that skipped the second step on a remembered browser to step up; the step-up opens it", async () => {
    const clerk = await account({ staff: true });
    const totp = await enrolTotp(clerk);
    const token = await rememberClient(clerk, totp, 0);
    const skipped = await call<Remembered>(login, "/api/login/", { email: clerk.email, password: clerk.password, trusted_browser_token: token });
    expect(skipped.status, skipped.text).toBe(200);
    expect(decodeJwt(skipped.body.access).payload).toMatchObject({ aal: 1, amr: ["pwd", "rbrowser"] });
    const refused = await list(skipped.body);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: "step_up_required", methods: ["totp", "recovery_code"] });
    // POST /api/mfa/verify/ raises this very session with a code: the admin API opens.
    const raised = await call<TokenBody>(stepUp, "/api/mfa/verify/", { code: totpCode(totp.secret, 1) }, bearer(skipped.body.access));
    expect(raised.status, raised.text).toBe(200);
    expect(decodeJwt(raised.body.access).payload.sid).toBe(decodeJwt(skipped.body.access).payload.sid);
    expect((await list(raised.body)).status).toBe(200);
  });

  it("admits staff signed in with a code at aal 2, through a renewal too", async () => {
    const clerk = await signInWithTwoFactors(await account({ staff: true }));
    expect(decodeJwt(clerk.access).payload).toMatchObject({ aal: 2, amr: ["pwd", "otp"] });
    const answer = await list(clerk);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    const renewed = await call<TokenBody>(refresh, "/api/refresh/", { refresh: clerk.refresh });
    expect((await list(renewed.body)).status).toBe(200);
  });

  it("with ADMIN_REQUIRE_MFA=false admits staff at aal 1, with or without a factor", async () => {
    setTestEnv({ ADMIN_REQUIRE_MFA: "false" });
    const bare = await account({ staff: true });
    expect((await list(bare)).status).toBe(200);
    const enrolled = await account({ staff: true });
    await enrolTotp(enrolled);
    expect((await list(enrolled)).status).toBe(200);
    // Still only staff.
    expect((await list(await account())).body.code).toBe("forbidden");
    setTestEnv();
    expect((await list(bare)).body.code).toBe("mfa_enrollment_required");
  });
});

interface FactorsBody {
  second_factors: { enabled: boolean; methods: string[]; totp: { enabled: boolean; enabled_at: string | null }; passkeys: { count: number }; recovery_codes: { remaining: number } };
  events: { event: string; actor: { id: string } | null; detail: Record<string, unknown> }[];
}

const detailOf = async (admin: { access: string }, id: string) =>
  (await call<FactorsBody>((request) => getUser(request, { params: Promise.resolve({ id }) }), `/api/admin/users/${id}/`, undefined, { method: "GET", ...bearer(admin.access) })).body;
const remove = (admin: { access: string }, id: string) =>
  call<ErrorBody>((request) => removeFactors(request, { params: Promise.resolve({ id }) }), `/api/admin/users/${id}/mfa/`, undefined, { method: "DELETE", ...bearer(admin.access) });

describe("an administrator removes a locked-out user's second factors", () => {
  it("shows the factors, removes the app and the recovery codes in one go, audits it and emails the owner, who then signs in with the password", async () => {
    const admin = await signInWithTwoFactors(await account({ staff: true }));
    const owner = await account();
    const ownerTotp = await enrolTotp(owner);
    const rememberedToken = await rememberClient(owner, ownerTotp, 0);
    const before = await detailOf(admin, owner.userId);
    expect(before.second_factors).toMatchObject({ enabled: true, totp: { enabled: true }, recovery_codes: { remaining: 9 } });
    expect(Date.parse(before.second_factors.totp.enabled_at!)).toBeGreaterThan(Date.now() - 60_000);
    expect((await call<ErrorBody>(login, "/api/login/", { email: owner.email, password: owner.password })).body.code).toBe("mfa_required");

    const removed = await remove(admin, owner.userId);
    expect(removed.status, removed.text).toBe(204);
    const after = await detailOf(admin, owner.userId);
    expect(after.second_factors).toMatchObject({ enabled: false, methods: [], totp: { enabled: false, enabled_at: null }, recovery_codes: { remaining: 0 } });
    const prisma = await getPrisma();
    expect(await prisma.totpFactor.count({ where: { userId: owner.userId } })).toBe(0);
    expect(await prisma.recoveryCode.count({ where: { userId: owner.userId } })).toBe(0);
    // The browsers remembered with the factors are forgotten in the same transaction.
    expect(await prisma.trustedBrowser.count({ where: { userId: owner.userId } })).toBe(0);
    const event = after.events.find((row) => row.event === "mfa_disabled_by_admin");
    expect(event?.actor?.id).toBe(admin.userId);
    expect(event?.detail).toMatchObject({ actor_id: admin.userId, totp: true, recovery_codes_deleted: 10, trusted_browsers_forgotten: 1 });

    await settleBackground();
    const mail = getFakeResend().emails.filter((message) => message.to.includes(owner.email)).at(-1);
    expect(mail?.subject).toBe("An administrator turned off two-factor authentication for your account");
    expect(mail?.text).toContain("Device: Administrator");
    expect(mail?.text).not.toContain("127.0.0.1");

    const signedIn = await call<TokenBody>(login, "/api/login/", { email: owner.email, password: owner.password, trusted_browser_token: rememberedToken });
    expect(signedIn.status, signedIn.text).toBe(200);
    expect(decodeJwt(signedIn.body.access).payload.amr).toEqual(["pwd"]);
    // The owner's dashboard says an administrator did it, with no "This wasn't me" to press.
    const shown = (await getAccountOverview(await authenticateAccessToken(signedIn.body.access))).events;
    expect(shown.find((row) => row.label === "Two-factor authentication removed by an administrator")).toMatchObject({ isWarning: true, isReportable: false, device: "Administrator" });
    // Nothing left to remove.
    expect((await remove(admin, owner.userId)).body).toMatchObject({ code: "mfa_not_enabled", detail: "This account has no second factor to remove." });
  });

  it("keeps to the guards: staff accounts are for superusers, nobody removes their own, unknown accounts are 404, non-staff are refused", async () => {
    const clerk = await signInWithTwoFactors(await account({ staff: true }));
    const root = await signInWithTwoFactors(await account({ staff: true, superuser: true }));
    const colleague = await signInWithTwoFactors(await account({ staff: true }));
    const refused = await remove(clerk, colleague.userId);
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toBe("Only a superuser can change another staff account.");
    const own = await remove(root, root.userId);
    expect(own.status).toBe(403);
    expect(own.body.detail).toBe("You cannot remove your own second factors here: turn them off on your dashboard.");
    expect((await detailOf(root, root.userId)).second_factors.enabled).toBe(true);
    expect((await remove(root, "3f0c9a52-6d1e-4a57-9b1a-2a8f0b9d4c11")).status).toBe(404);
    const outsider = await account();
    expect((await remove(outsider, colleague.userId)).body.code).toBe("forbidden");

    // A superuser may: the colleague's session at two factors no longer opens the admin API until they enrol again.
    expect((await list(colleague)).status).toBe(200);
    expect((await remove(root, colleague.userId)).status).toBe(204);
    expect((await list(colleague)).body.code).toBe("mfa_enrollment_required");
  });
});
