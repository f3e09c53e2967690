import { describe, expect, it } from "vitest";
import { POST as login } from "@/app/api/login/route";
import { POST as register } from "@/app/api/register/route";
import { getPrisma } from "@/lib/db/client";
import { call, newUser, setTestEnv } from "../support";
import { recordStatements, sequentialRoundTrips } from "../support/statements";

const sameOrigin = { "sec-fetch-site": "same-origin" };
let ipCounter = 1;
const freshIp = (): string => `10.32.${Math.floor(ipCounter / 250)}.${(ipCounter++ % 250) + 1}`;

/** A browser that registered through the pages: its cookie header, the session it holds, its password. */
async function browser(ip: string): Promise<{ cookie: string; email: string; password: string; sessionId: string }> {
  const user = newUser();
  const res = await call(register, "/api/register/", user, { headers: { "x-auth-transport": "cookie", "x-auth-socket-address": ip, ...sameOrigin } });
  expect(res.status, res.text).toBe(201);
  const cookie = res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const refresh = cookie.split("; ").find((c) => c.startsWith("refresh="))!.slice("refresh=".length);
  const sid = (JSON.parse(Buffer.from(refresh.split(".")[1]!, "base64url").toString()) as { sid: string }).sid;
  return { cookie, email: user.email, password: user.password, sessionId: sid };
}

function signInAgain(b: { cookie: string; email: string; password: string }, ip: string, cookie = b.cookie) {
  return call(login, "/api/login/", { email: b.email, password: b.password }, { headers: { cookie, "x-auth-transport": "cookie", "x-auth-socket-address": ip, ...sameOrigin } });
}

// Issue 19: the completion, the old session's end included, is one statement: a browser signing in again
// waits for three round trips beside the hash, as any other sign-in (it waited for nine).
describe("a browser signing in again", () => {
  it("ends the session it held in the statement that opens the new one", async () => {
    setTestEnv({ RATE_LIMIT: "on" });
    const ip = freshIp();
    const b = await browser(ip);
    const { result, statements } = await recordStatements(() => signInAgain(b, ip));
    expect(result.status, result.text).toBe(200);
    const described = statements.map((s) => `${s.started}-${s.ended} ${s.sql.slice(0, 60)}`).join("\n");
    expect(sequentialRoundTrips(statements), described).toBe(3);

    const prisma = await getPrisma();
    const old = await prisma.session.findUniqueOrThrow({ where: { id: b.sessionId } });
    expect(old.revokedAt).not.toBeNull();
    expect(old.revokedReason).toBe("logout");
    expect(await prisma.refreshToken.count({ where: { sessionId: b.sessionId, blacklistedAt: null } })).toBe(0);
    const logouts = await prisma.auditEvent.findMany({ where: { sessionId: b.sessionId, event: "logout" } });
    expect(logouts).toHaveLength(1);
    expect(logouts[0]!.ip).toBe(ip);
    const live = await prisma.session.count({ where: { userId: old.userId, revokedAt: null } });
    expect(live).toBe(1);
  });

  it("ends nothing for a refresh cookie that is not a live token of ours, and ends nothing when the password is wrong", async () => {
    setTestEnv({ RATE_LIMIT: "on" });
    const ip = freshIp();
    const b = await browser(ip);
    const prisma = await getPrisma();
    const junk = await signInAgain(b, ip, "refresh=not-a-token");
    expect(junk.status, junk.text).toBe(200);
    expect((await prisma.session.findUniqueOrThrow({ where: { id: b.sessionId } })).revokedAt).toBeNull();

    const wrong = await call(login, "/api/login/", { email: b.email, password: "Wrong-password-1" }, { headers: { cookie: b.cookie, "x-auth-transport": "cookie", "x-auth-socket-address": ip, ...sameOrigin } });
    expect(wrong.status).toBe(401);
    expect((await prisma.session.findUniqueOrThrow({ where: { id: b.sessionId } })).revokedAt).toBeNull();
    expect(await prisma.auditEvent.count({ where: { sessionId: b.sessionId, event: "logout" } })).toBe(0);
  });
});
