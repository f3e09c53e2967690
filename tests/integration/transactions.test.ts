// Each use case that writes more than once writes in one transaction: when its last write fails, none of
// its earlier writes remain. The failure is real: a database trigger refuses the use case's audit row.
import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { POST as login } from "@/app/api/login/route";
import { POST as logout } from "@/app/api/logout/route";
import { POST as change } from "@/app/api/password/change/route";
import { POST as resetConfirm } from "@/app/api/password/reset/confirm/route";
import { POST as resetRequest } from "@/app/api/password/reset/route";
import { POST as refresh } from "@/app/api/refresh/route";
import { POST as register } from "@/app/api/register/route";
import { POST as verify } from "@/app/api/verify/route";
import { getPrisma } from "@/lib/db/client";
import { getLogger } from "@/lib/observability/log.mjs";
import { call, newUser, readOtp, signUp, type TokenBody } from "../support";

const NEW_PASSWORD = "Quartz-Meadow-Falcon-19";
const triggers: string[] = [];

/** Makes the database refuse the audit row `event` written for a request that sent `userAgent`. */
async function refuseAuditRow(event: string, userAgent: string): Promise<void> {
  const name = `refuse_${randomUUID().replaceAll("-", "")}`;
  const prisma = await getPrisma();
  await prisma.$executeRawUnsafe(
    `CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused by test'; END $$`,
  );
  await prisma.$executeRawUnsafe(
    `CREATE TRIGGER ${name} BEFORE INSERT ON audit_events FOR EACH ROW WHEN (NEW.event = '${event}' AND NEW.user_agent = '${userAgent}') EXECUTE FUNCTION ${name}()`,
  );
  triggers.push(name);
}

afterEach(async () => {
  const prisma = await getPrisma();
  for (const name of triggers.splice(0)) {
    await prisma.$executeRawUnsafe(`DROP TRIGGER IF EXISTS ${name} ON audit_events`);
    await prisma.$executeRawUnsafe(`DROP FUNCTION IF EXISTS ${name}()`);
  }
});

/** A request that the trigger picks out by its User-Agent. */
function marked(agent: string, headers: Record<string, string> = {}) {
  return { headers: { "user-agent": agent, ...headers } };
}
const authorization = (token: string) => ({ authorization: `Bearer ${token}` });

async function expectServerError(response: Promise<{ status: number; body: unknown }>): Promise<void> {
  const log = vi.spyOn(getLogger(), "error").mockImplementation(() => undefined);
  try {
    const res = await response;
    expect(res.status).toBe(500);
    expect(res.body).toMatchObject({ code: "server_error" });
  } finally {
    log.mockRestore();
  }
}

describe("use cases are all-or-nothing", () => {
  it("register: no account is left behind, so the same sign-up works afterwards", async () => {
    const agent = `tx-register-${randomUUID()}`;
    await refuseAuditRow("user_registered", agent);
    const user = newUser();
    await expectServerError(call(register, "/api/register/", user, marked(agent)));
    const prisma = await getPrisma();
    expect(await prisma.user.count({ where: { userNameKey: user.user_name.toLowerCase() } })).toBe(0);
    expect(await prisma.session.count({ where: { userAgent: agent } })).toBe(0);
    expect((await call(register, "/api/register/", user)).status).toBe(201);
  });

  it("login: no session and no last sign-in are recorded", async () => {
    const account = await signUp();
    const agent = `tx-login-${randomUUID()}`;
    await refuseAuditRow("login_succeeded", agent);
    await expectServerError(call(login, "/api/login/", { email: account.email, password: account.password }, marked(agent)));
    const prisma = await getPrisma();
    expect(await prisma.session.count({ where: { userId: account.userId } })).toBe(1);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: account.userId } })).lastLogin).toBeNull();
  });

  it("password change: the old password still works and no other session ended", async () => {
    const account = await signUp();
    const elsewhere = (await call<TokenBody>(login, "/api/login/", { email: account.email, password: account.password })).body;
    const agent = `tx-change-${randomUUID()}`;
    await refuseAuditRow("password_changed", agent);
    const body = { current_password: account.password, password: NEW_PASSWORD, password2: NEW_PASSWORD };
    await expectServerError(call(change, "/api/password/change/", body, marked(agent, authorization(account.access))));
    expect((await call(refresh, "/api/refresh/", { refresh: elsewhere.refresh })).status).toBe(200);
    expect((await call(login, "/api/login/", { email: account.email, password: account.password })).status).toBe(200);
    expect((await call(login, "/api/login/", { email: account.email, password: NEW_PASSWORD })).status).toBe(401);
  });

  it("password reset: the old password and every session survive, and the code still works", async () => {
    const account = await signUp();
    await call(resetRequest, "/api/password/reset/", { email: account.email });
    const otp = await readOtp(account.email);
    const agent = `tx-reset-${randomUUID()}`;
    await refuseAuditRow("password_reset", agent);
    const body = { email: account.email, otp, password: NEW_PASSWORD, password2: NEW_PASSWORD };
    await expectServerError(call(resetConfirm, "/api/password/reset/confirm/", body, marked(agent)));
    expect((await call(refresh, "/api/refresh/", { refresh: account.refresh })).status).toBe(200);
    expect((await call(login, "/api/login/", { email: account.email, password: account.password })).status).toBe(200);
    expect((await call(resetConfirm, "/api/password/reset/confirm/", body)).status).toBe(200);
  });

  it("verify: the account stays unverified, its refresh token unconsumed, and the code still works", async () => {
    const account = await signUp();
    const otp = await readOtp(account.email);
    const agent = `tx-verify-${randomUUID()}`;
    await refuseAuditRow("email_verified", agent);
    await expectServerError(call(verify, "/api/verify/", { email: account.email, otp }, marked(agent, authorization(account.access))));
    const prisma = await getPrisma();
    expect((await prisma.user.findUniqueOrThrow({ where: { id: account.userId } })).isVerified).toBe(false);
    expect(await prisma.refreshToken.count({ where: { session: { userId: account.userId }, usedAt: { not: null } } })).toBe(0);
    expect((await call(verify, "/api/verify/", { email: account.email, otp })).status).toBe(200);
  });

  it("logout: the session stays signed in", async () => {
    const account = await signUp();
    const agent = `tx-logout-${randomUUID()}`;
    await refuseAuditRow("logout", agent);
    await expectServerError(call(logout, "/api/logout/", { refresh: account.refresh }, marked(agent)));
    expect((await call(refresh, "/api/refresh/", { refresh: account.refresh })).status).toBe(200);
  });
});
