// Admins see a user's passkeys and remove one for an owner who lost it (issue 20): audited with the admin as
// actor, the owner emailed, in one transaction; the guards of the other admin writes apply.
import { describe, expect, it } from "vitest";
import { DELETE as removeRoute } from "@/app/api/admin/users/[id]/passkeys/[pid]/route";
import { GET as listRoute } from "@/app/api/admin/users/[id]/passkeys/route";
import { GET as ownList } from "@/app/api/passkeys/route";
import { POST as login } from "@/app/api/login/route";
import { settleBackground } from "@/lib/background";
import { getPrisma } from "@/lib/db/client";
import { getAccountOverview } from "@/lib/auth/account-overview";
import { authenticateAccessToken } from "@/lib/auth/principal";
import { bearer, call, getFakeResend, signUpVerified, type ErrorBody, type TokenBody } from "../support";
import { accountWith, signedInStaff } from "../support/admin";
import { addPasskey, finishSignIn, requestSignIn, signInWithPasskey, type PasskeyBody } from "../support/passkeys";
import { SoftPasskey } from "../support/webauthn";

type PasskeyList = { passkeys: PasskeyBody[] } & ErrorBody;

const listOf = (caller: { access: string }, id: string) =>
  call<PasskeyList>((request) => listRoute(request, { params: Promise.resolve({ id }) }), `/api/admin/users/${id}/passkeys/`, undefined, { method: "GET", ...bearer(caller.access) });
const remove = (caller: { access: string }, id: string, pid: string) =>
  call<ErrorBody>((request) => removeRoute(request, { params: Promise.resolve({ id, pid }) }), `/api/admin/users/${id}/passkeys/${pid}/`, undefined, { method: "DELETE", ...bearer(caller.access) });
/** The one removal notice to the owner (the notices of the passkeys' additions may be sent after it: they go out in the background). */
async function removalNotice(email: string) {
  await settleBackground();
  const notices = getFakeResend().emails.filter((message) => message.to.includes(email) && message.subject === "An administrator removed a passkey from your account");
  expect(notices).toHaveLength(1);
  return notices[0];
}
const ownPasskeys = async (owner: { access: string }) => (await call<PasskeyList>(ownList, "/api/passkeys/", undefined, { method: "GET", ...bearer(owner.access) })).body.passkeys;

describe("an administrator and a user's passkeys", () => {
  it("lists them as the owner sees them and removes one: audited with the admin, the owner emailed, the other passkey and the codes kept", async () => {
    const admin = await signedInStaff();
    const owner = await signUpVerified();
    const { key: lost, passkey: lostView } = await addPasskey(owner);
    const session = await signInWithPasskey(lost);
    const { passkey: kept } = await addPasskey({ access: session.access }, new SoftPasskey("EdDSA", true));

    const listed = await listOf(admin, owner.userId);
    expect(listed.status, listed.text).toBe(200);
    expect(listed.body).toEqual({ passkeys: await ownPasskeys(owner) });
    expect(listed.body.passkeys.map((passkey) => [passkey.name, passkey.device_type, passkey.backed_up, passkey.last_used_at === null])).toEqual([
      ["Test key", "singleDevice", false, false],
      ["Test key", "multiDevice", true, true],
    ]);

    const removed = await remove(admin, owner.userId, lostView.id);
    expect(removed.status, removed.text).toBe(204);
    expect((await ownPasskeys(owner)).map((passkey) => passkey.id)).toEqual([kept.id]);
    const prisma = await getPrisma();
    expect(await prisma.recoveryCode.count({ where: { userId: owner.userId, usedAt: null } })).toBe(10);
    const event = await prisma.auditEvent.findFirst({ where: { userId: owner.userId, event: "passkey_removed_by_admin" } });
    expect(event?.detail).toEqual({ actor_id: admin.userId, passkey_id: lostView.id, name: "Test key", recovery_codes_deleted: 0, trusted_browsers_forgotten: 0 });
    // The removed passkey no longer signs in.
    const refused = await finishSignIn<ErrorBody>(lost.assert((await requestSignIn()).body));
    expect(refused.body.code).toBe("authentication_failed");

    const mail = await removalNotice(owner.email);
    expect(mail?.text).toContain('An administrator removed the passkey named "Test key" from your account');
    expect(mail?.text).not.toContain("last second factor");
    expect(mail?.text).toContain("Device: Administrator");
    expect(mail?.text).not.toContain("127.0.0.1");
    // The owner's dashboard says an administrator did it, with no "This wasn't me" to press.
    const shown = (await getAccountOverview(await authenticateAccessToken(session.access))).events;
    expect(shown.find((row) => row.label === "A passkey was removed by an administrator")).toMatchObject({ isWarning: true, isReportable: false, device: "Administrator" });
  });

  it("takes the recovery codes with the last second factor, says so, and the owner signs in with the password alone", async () => {
    const admin = await signedInStaff();
    const owner = await signUpVerified();
    const { passkey } = await addPasskey(owner);
    expect((await call<ErrorBody>(login, "/api/login/", { email: owner.email, password: owner.password })).body.code).toBe("mfa_required");
    expect((await remove(admin, owner.userId, passkey.id)).status).toBe(204);
    const prisma = await getPrisma();
    expect(await prisma.recoveryCode.count({ where: { userId: owner.userId } })).toBe(0);
    const event = await prisma.auditEvent.findFirst({ where: { userId: owner.userId, event: "passkey_removed_by_admin" } });
    expect(event?.detail).toMatchObject({ recovery_codes_deleted: 10 });
    const mail = await removalNotice(owner.email);
    expect(mail?.text).toContain("It was your last second factor, so your recovery codes went with it and signing in needs only your password now");
    const signedIn = await call<TokenBody>(login, "/api/login/", { email: owner.email, password: owner.password });
    expect(signedIn.status, signedIn.text).toBe(200);
    expect((await listOf(admin, owner.userId)).body).toEqual({ passkeys: [] });
  });

  it("answers 404 for another account's passkey under this account's path, and keeps to the admin guards", async () => {
    const clerk = await signedInStaff();
    const root = await signedInStaff({ superuser: true });
    const owner = await signUpVerified();
    const other = await signUpVerified();
    const { passkey } = await addPasskey(owner);
    const { passkey: othersPasskey } = await addPasskey(other);

    for (const pid of [othersPasskey.id, "3f0c9a52-6d1e-4a57-9b1a-2a8f0b9d4c11", "not-a-uuid"]) {
      const missing = await remove(clerk, owner.userId, pid);
      expect(missing.status, pid).toBe(404);
      expect(missing.body).toEqual({ code: "not_found", detail: "No such passkey." });
    }
    expect((await ownPasskeys(other)).map((row) => row.id)).toEqual([othersPasskey.id]);
    const unknownUser = await listOf(clerk, "3f0c9a52-6d1e-4a57-9b1a-2a8f0b9d4c11");
    expect(unknownUser.status).toBe(404);
    expect((await remove(clerk, "3f0c9a52-6d1e-4a57-9b1a-2a8f0b9d4c11", passkey.id)).status).toBe(404);

    // Not staff: the plain refusal; staff at one factor: the step-up first.
    expect((await listOf(other, owner.userId)).body.code).toBe("forbidden");
    expect((await remove(other, owner.userId, passkey.id)).body.code).toBe("forbidden");
    const unproven = await accountWith({ staff: true });
    await addPasskey(unproven);
    expect((await remove(unproven, owner.userId, passkey.id)).body).toMatchObject({ code: "step_up_required", methods: ["passkey", "recovery_code"] });

    // Staff accounts are a superuser's; nobody removes their own here.
    const colleague = await signedInStaff();
    const { passkey: colleagues } = await addPasskey(colleague);
    expect((await remove(clerk, colleague.userId, colleagues.id)).body.detail).toBe("Only a superuser can change another staff account.");
    const { passkey: roots } = await addPasskey(root);
    const own = await remove(root, root.userId, roots.id);
    expect(own.status).toBe(403);
    expect(own.body.detail).toBe("You cannot remove your own passkeys here: remove them on your dashboard.");
    expect(await (await getPrisma()).passkey.count({ where: { id: { in: [passkey.id, colleagues.id, roots.id] } } })).toBe(3);
    expect((await remove(root, colleague.userId, colleagues.id)).status).toBe(204);
  });
});
