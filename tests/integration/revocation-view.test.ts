// Protected requests are judged from an in-memory view of ended sessions (fed by the database's
// notifications) instead of a query each; these tests hold it to the database's answers.
import { describe, expect, it } from "vitest";
import { POST as experiment } from "@/app/api/experiment/route";
import { POST as logout } from "@/app/api/logout/route";
import { POST as verify } from "@/app/api/verify/route";
import { getPrisma } from "@/lib/db/client";
import { bearer, call, readOtp, setTestEnv, signUp, type ErrorBody, type TokenBody } from "../support";

/** A verified user's pair: its access token says "verified", so the in-memory view may judge it. */
async function verifiedUser(): Promise<{ userId: string; sid: string; access: string; refresh: string }> {
  const user = await signUp();
  const verified = await call<TokenBody>(verify, "/api/verify/", { email: user.email, otp: await readOtp(user.email) }, bearer(user.access));
  expect(verified.status).toBe(200);
  return { userId: user.userId, sid: user.sid, access: verified.body.access, refresh: verified.body.refresh };
}

const protectedCall = (access: string) => call<ErrorBody>(experiment, "/api/experiment/", undefined, bearer(access));

/** The database's notification arrives after the commit: give it a moment, as another instance would. */
async function eventually(check: () => Promise<boolean>): Promise<boolean> {
  for (let i = 0; i < 50; i++) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return false;
}

describe("access tokens after their session ends", () => {
  it("a logout is refused at once by the process that performed it", async () => {
    const user = await verifiedUser();
    expect((await protectedCall(user.access)).status).toBe(200);
    expect((await call(logout, "/api/logout/", { refresh: user.refresh })).status).toBe(205);
    const res = await protectedCall(user.access);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe("token_not_valid");
  });

  it("a session ended by someone else's write (another instance, an operator's SQL) is refused", async () => {
    const user = await verifiedUser();
    expect((await protectedCall(user.access)).status).toBe(200);
    await (await getPrisma()).$executeRaw`UPDATE sessions SET revoked_at = now(), revoked_reason = 'operator' WHERE id = ${user.sid}::uuid`;
    expect(await eventually(async () => (await protectedCall(user.access)).status === 401)).toBe(true);
  });

  it("a user deactivated by someone else's write is refused as inactive, and allowed again once reactivated", async () => {
    const user = await verifiedUser();
    const prisma = await getPrisma();
    await prisma.$executeRaw`UPDATE users SET is_active = false WHERE id = ${user.userId}::uuid`;
    expect(await eventually(async () => (await protectedCall(user.access)).body.code === "user_inactive")).toBe(true);
    await prisma.$executeRaw`UPDATE users SET is_active = true WHERE id = ${user.userId}::uuid`;
    expect(await eventually(async () => (await protectedCall(user.access)).status === 200)).toBe(true);
  });

  it("a user no longer verified is asked to verify again, even with a token that says verified", async () => {
    const user = await verifiedUser();
    await (await getPrisma()).$executeRaw`UPDATE users SET is_verified = false WHERE id = ${user.userId}::uuid`;
    expect(await eventually(async () => (await protectedCall(user.access)).body.code === "email_not_verified")).toBe(true);
  });

  it("ACCESS_TOKEN_CHECK=stateless trusts the signature until exp, even after logout", async () => {
    setTestEnv({ ACCESS_TOKEN_CHECK: "stateless" });
    const user = await verifiedUser();
    expect((await call(logout, "/api/logout/", { refresh: user.refresh })).status).toBe(205);
    expect((await protectedCall(user.access)).status).toBe(200);
  });
});
