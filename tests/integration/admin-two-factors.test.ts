// Staff need two factors (issue 19): the admin API admits a staff session only at aal 2 with a second
// factor on the account, unless ADMIN_REQUIRE_MFA=false. The pages apply the same gate (app/admin/require-staff.ts).
import { afterEach, describe, expect, it } from "vitest";
import { GET as getUser, PATCH as patchUser } from "@/app/api/admin/users/[id]/route";
import { GET as listUsers } from "@/app/api/admin/users/route";
import { POST as login } from "@/app/api/login/route";
import { POST as loginMfa } from "@/app/api/login/mfa/route";
import { POST as refresh } from "@/app/api/refresh/route";
import { updateUserFlags } from "@/lib/db/admin-users";
import { bearer, call, decodeJwt, enrolTotp, setTestEnv, signInWithTwoFactors, signUp, type ErrorBody, type SignedUpUser, type TokenBody } from "../support";

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
    const totp = await enrolTotp(clerk);
    // The registration's session: a password only, from before the factor was enrolled.
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
