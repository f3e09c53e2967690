// endSessions (lib/auth/session/end.ts) is the one way sessions end. A change of credentials calls it in the
// transaction of the change; ending every session of a user takes the user's row first, so the order of the
// two inside the transaction cannot let a sign-in with the old password slip between them.
import { describe, expect, it } from "vitest";
import { POST as login } from "@/app/api/login/route";
import { POST as refresh } from "@/app/api/refresh/route";
import { endSessions } from "@/lib/auth/session";
import { hashPassword } from "@/lib/auth/password";
import { getPrisma } from "@/lib/db/client";
import { withTransaction } from "@/lib/db/transaction";
import { replacePassword } from "@/lib/db/users";
import { call, signUp, type TokenBody } from "../support";
import { skipUnless } from "../support/skip";

const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether a sign-in is waiting for a row lock to open its session (the statement of lib/db/sign-ins.ts recordSignIn). */
async function isSignInWaitingForLock(): Promise<boolean> {
  const prisma = await getPrisma();
  const rows = await prisma.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM pg_stat_activity
    WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%signer AS (%'`;
  return (rows[0]?.n ?? 0) > 0;
}

describe("endSessions", () => {
  // PGlite has one connection: a transaction there has the database to itself, nothing can come between.
  it("ending every session before changing the password in one transaction still keeps out a sign-in with the old password", skipUnless(onPostgres, "needs PostgreSQL (two overlapping transactions): TEST_DATABASE_URL is unset"), async () => {
    const user = await signUp();
    const newHash = await hashPassword("Quartz-Meadow-Falcon-19");
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let sessionsEnded = (): void => undefined;
    const ended = new Promise<void>((resolve) => (sessionsEnded = resolve));
    const change = withTransaction(async (tx) => {
      await endSessions({ allOf: user.userId }, "password_changed", tx);
      sessionsEnded();
      await gate;
      await replacePassword(user.userId, { passwordHash: newHash }, tx);
    });
    await ended;
    let isDone = false;
    const signIn = call<TokenBody>(login, "/api/login/", { email: user.email, password: user.password }).finally(() => (isDone = true));
    // The sign-in either finished (it found no lock in its way) or waits for the user's row.
    while (!isDone && !(await isSignInWaitingForLock())) await sleep(5);
    release();
    await change;
    const signedIn = await signIn;
    if (signedIn.status === 200) expect((await call(refresh, "/api/refresh/", { refresh: signedIn.body.refresh })).status).toBe(401);
    else expect(signedIn.status).toBe(401);
  });
});
