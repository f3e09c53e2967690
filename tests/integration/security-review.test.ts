// Findings of the outside security review (issue 7) that live in the use cases: each test failed before its fix.
import { describe, expect, it } from "vitest";
import { POST as experiment } from "@/app/api/experiment/route";
import { POST as login } from "@/app/api/login/route";
import { POST as change } from "@/app/api/password/change/route";
import { POST as resetConfirm } from "@/app/api/password/reset/confirm/route";
import { POST as resetRequest } from "@/app/api/password/reset/route";
import { POST as refresh } from "@/app/api/refresh/route";
import { POST as register } from "@/app/api/register/route";
import { POST as verify } from "@/app/api/verify/route";
import { endSessions } from "@/lib/auth/session";
import { withTransaction } from "@/lib/db/transaction";
import { deactivateUser } from "@/lib/db/users";
import { bearer, call, newUser, readOtp, setTestEnv, type ErrorBody, type RegisterBody, type TokenBody } from "../support";

const NEW_PASSWORD = "Quartz-Meadow-Falcon-19";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What an admin's deactivation does (lib/auth/admin/actions.ts): the flag, then every session, in one transaction. */
const deactivate = (userId: string): Promise<number> =>
  withTransaction(async (tx) => {
    await deactivateUser(userId, tx);
    return endSessions({ allOf: userId }, "deactivated_by_admin", tx);
  });

/** A session is alive when its refresh token still rotates. */
async function isAlive(refreshToken: string): Promise<boolean> {
  const res = await call(refresh, "/api/refresh/", { refresh: refreshToken });
  return res.status === 200;
}

describe("a login racing a credentials change never keeps a session signed in with the old password", () => {
  // A login that verified the old hash used to create its session after the change had revoked the others.
  const STAGGERS_MS = [0, 10, 20, 30, 40, 50, 60, 70, 80, 90];

  it("password change", async () => {
    const survivors: number[] = [];
    for (const stagger of STAGGERS_MS) {
      const user = newUser();
      const here = (await call<RegisterBody>(register, "/api/register/", user)).body;
      const [, signedIn] = await Promise.all([
        call(change, "/api/password/change/", { current_password: user.password, password: NEW_PASSWORD, password2: NEW_PASSWORD }, bearer(here.access)),
        sleep(stagger).then(() => call<TokenBody>(login, "/api/login/", { email: user.email, password: user.password })),
      ]);
      if (signedIn.status === 200 && (await isAlive(signedIn.body.refresh))) survivors.push(stagger);
      else if (signedIn.status !== 200) expect(signedIn.status).toBe(401);
    }
    expect(survivors).toEqual([]);
  });

  it("password reset", async () => {
    const survivors: number[] = [];
    for (const stagger of STAGGERS_MS) {
      const user = newUser();
      await call(register, "/api/register/", user);
      await call(resetRequest, "/api/password/reset/", { email: user.email });
      const otp = await readOtp(user.email);
      const [reset, signedIn] = await Promise.all([
        call(resetConfirm, "/api/password/reset/confirm/", { email: user.email, otp, password: NEW_PASSWORD, password2: NEW_PASSWORD }),
        sleep(stagger).then(() => call<TokenBody>(login, "/api/login/", { email: user.email, password: user.password })),
      ]);
      expect(reset.status).toBe(200);
      if (signedIn.status === 200 && (await isAlive(signedIn.body.refresh))) survivors.push(stagger);
    }
    expect(survivors).toEqual([]);
  });

  it("deactivation ends every session and a racing refresh or login does not outlive it", async () => {
    for (const stagger of [0, 5, 20, 40]) {
      const user = newUser();
      const reg = (await call<RegisterBody>(register, "/api/register/", user)).body;
      const [, refreshed, signedIn] = await Promise.all([
        sleep(stagger).then(() => deactivate(reg.user.id)),
        call<TokenBody>(refresh, "/api/refresh/", { refresh: reg.refresh }),
        call<TokenBody>(login, "/api/login/", { email: user.email, password: user.password }),
      ]);
      for (const outcome of [refreshed, signedIn]) {
        if (outcome.status !== 200) continue;
        expect(await isAlive(outcome.body.refresh)).toBe(false);
        expect((await call(experiment, "/api/experiment/", undefined, bearer(outcome.body.access))).status).toBe(401);
      }
      expect(await isAlive(reg.refresh)).toBe(false);
    }
  });
});

describe("an authenticated verify consumes the caller's refresh token", () => {
  it("presenting the pre-verify refresh token inside the grace window replays the verify's pair", async () => {
    const user = newUser();
    const reg = (await call<RegisterBody>(register, "/api/register/", user)).body;
    const verified = await call<TokenBody>(verify, "/api/verify/", { email: user.email, otp: await readOtp(user.email) }, bearer(reg.access));
    expect(verified.status).toBe(200);
    const replay = await call<TokenBody>(refresh, "/api/refresh/", { refresh: reg.refresh });
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual({ access: verified.body.access, refresh: verified.body.refresh });
  });

  it("after the grace window it is reuse: the session ends, the verify's pair with it", async () => {
    setTestEnv({ REFRESH_REUSE_GRACE: "0" });
    const user = newUser();
    const reg = (await call<RegisterBody>(register, "/api/register/", user)).body;
    const verified = (await call<TokenBody>(verify, "/api/verify/", { email: user.email, otp: await readOtp(user.email) }, bearer(reg.access))).body;
    await sleep(5);
    const reused = await call<ErrorBody>(refresh, "/api/refresh/", { refresh: reg.refresh });
    expect(reused.status).toBe(401);
    expect(reused.body.detail).toBe("Token is blacklisted");
    expect((await call(refresh, "/api/refresh/", { refresh: verified.refresh })).status).toBe(401);
    expect((await call(experiment, "/api/experiment/", undefined, bearer(verified.access))).status).toBe(401);
  });
});
