import { describe, expect, it } from "vitest";
import { POST as login } from "@/app/api/login/route";
import { GET as me } from "@/app/api/me/route";
import { POST as refresh } from "@/app/api/refresh/route";
import { promoteToSuperuser } from "@/lib/auth/admin/create-admin";
import { getPrisma } from "@/lib/db/client";
import { findUserByEmail, type UserRecord } from "@/lib/db/users";
import { isAppError } from "@/lib/errors";
import { bearer, call, setTestEnv, signUp, signUpVerified, type TokenBody } from "../support";

async function userOf(email: string): Promise<UserRecord> {
  return (await findUserByEmail(email))!;
}

const flagsOf = async (id: string) => (await getPrisma()).user.findUniqueOrThrow({ where: { id }, select: { isStaff: true, isSuperuser: true } });

describe("create-admin promoting an existing account", () => {
  it("refuses an unverified account without asking for its password and changes nothing", async () => {
    const stranger = await signUp();
    let asked = false;
    const result = await promoteToSuperuser(await userOf(stranger.email), async () => {
      asked = true;
      return stranger.password;
    });
    expect(result).toEqual({ outcome: "not_verified" });
    expect(asked).toBe(false);
    expect(await flagsOf(stranger.userId)).toEqual({ isStaff: false, isSuperuser: false });
    expect((await call(me, "/api/me/", undefined, { method: "GET", ...bearer(stranger.access) })).status).toBe(200);
  });

  it("refuses a wrong password and changes nothing", async () => {
    const owner = await signUpVerified();
    const result = await promoteToSuperuser(await userOf(owner.email), async () => `${owner.password}x`);
    expect(result).toEqual({ outcome: "wrong_password" });
    expect(await flagsOf(owner.userId)).toEqual({ isStaff: false, isSuperuser: false });
    expect((await call(me, "/api/me/", undefined, { method: "GET", ...bearer(owner.access) })).status).toBe(200);
  });

  it("with the right password promotes it and ends every session it had, in one transaction with an audit row", async () => {
    const owner = await signUpVerified();
    const other = await call<TokenBody>(login, "/api/login/", { email: owner.email, password: owner.password });
    expect(other.status).toBe(200);
    const result = await promoteToSuperuser(await userOf(owner.email), async () => owner.password);
    expect(result).toEqual({ outcome: "promoted", sessionsEnded: 2 });
    expect(await flagsOf(owner.userId)).toEqual({ isStaff: true, isSuperuser: true });
    for (const access of [owner.access, other.body.access]) {
      expect((await call(me, "/api/me/", undefined, { method: "GET", ...bearer(access) })).status).toBe(401);
    }
    expect((await call(refresh, "/api/refresh/", { refresh: owner.refresh })).status).toBe(401);
    const prisma = await getPrisma();
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { userId: owner.userId, event: "superuser_granted_by_cli" } });
    expect(audit.detail).toMatchObject({ sessionsEnded: 2 });
    expect(await promoteToSuperuser(await userOf(owner.email), async () => owner.password)).toEqual({ outcome: "already_superuser" });
  });

  it("refuses when the password changed between the check and the promotion", async () => {
    const owner = await signUpVerified();
    const before = await userOf(owner.email);
    await (await getPrisma()).user.update({ where: { id: owner.userId }, data: { credentialsVersion: { increment: 1 } } });
    expect(await promoteToSuperuser(before, async () => owner.password)).toEqual({ outcome: "changed_meanwhile" });
    expect(await flagsOf(owner.userId)).toEqual({ isStaff: false, isSuperuser: false });
  });

  it("throttles the password check with the sign-in throttle: five free failures, then rate_limited", async () => {
    setTestEnv({ RATE_LIMIT: "on" });
    const owner = await signUpVerified();
    const user = await userOf(owner.email);
    for (let i = 0; i < 5; i++) expect(await promoteToSuperuser(user, async () => `wrong-${i}`)).toEqual({ outcome: "wrong_password" });
    const refused: unknown = await promoteToSuperuser(user, async () => owner.password).catch((error: unknown) => error);
    expect(isAppError(refused) && refused.code).toBe("rate_limited");
    expect(await flagsOf(owner.userId)).toEqual({ isStaff: false, isSuperuser: false });
  });
});
