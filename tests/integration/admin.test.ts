import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { DELETE as deleteUser, GET as getUser, PATCH as patchUser } from "@/app/api/admin/users/[id]/route";
import { POST as sendReset } from "@/app/api/admin/users/[id]/send-password-reset/route";
import { POST as sendVerification } from "@/app/api/admin/users/[id]/send-verification/route";
import { DELETE as endAllSessions } from "@/app/api/admin/users/[id]/sessions/route";
import { DELETE as endOneSession } from "@/app/api/admin/users/[id]/sessions/[sid]/route";
import { GET as listUsers } from "@/app/api/admin/users/route";
import { POST as experiment } from "@/app/api/experiment/route";
import { POST as login } from "@/app/api/login/route";
import { GET as me } from "@/app/api/me/route";
import { POST as refresh } from "@/app/api/refresh/route";
import { POST as verify } from "@/app/api/verify/route";
import { NextRequest } from "next/server";
import { getAccountOverview } from "@/lib/auth/account-overview";
import { authenticateAccessToken } from "@/lib/auth/principal";
import { getPrisma } from "@/lib/db/client";
import { resetLimit } from "@/lib/auth/rate-limit";
import { updateUserFlags } from "@/lib/db/admin-users";
import { proxy } from "@/proxy";
import { bearer, call, getFakeResend, readOtp, signInWithTwoFactors, signUp, type ErrorBody, type SignedUpUser, type TokenBody } from "../support";

interface UserJson {
  id: string;
  email: string;
  user_name: string;
  is_active: boolean;
  is_verified: boolean;
  is_staff: boolean;
  is_superuser: boolean;
  last_login: string | null;
}
interface ListBody {
  users: UserJson[];
  next_cursor: string | null;
}
interface DetailBody {
  user: UserJson;
  sessions: { id: string; device: string; user_agent: string | null }[];
  events: { event: string; actor: { id: string; user_name: string | null } | null; session_id: string | null; detail: Record<string, unknown> }[];
}

/** A dynamic route handler with its params, as Next calls it. */
function withParams<P extends Record<string, string>>(
  handler: (request: Request, context?: { params: Promise<P> }) => Promise<Response>,
  params: P,
): (request: Request) => Promise<Response> {
  return (request) => handler(request, { params: Promise.resolve(params) });
}

/** A signed-up account whose flags were then set in the database (how operators come to exist outside the CLI). */
async function account(flags: { verified?: boolean; staff?: boolean; superuser?: boolean } = {}): Promise<SignedUpUser> {
  const user = await signUp({ headers: { "user-agent": "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0" } });
  await updateUserFlags(user.userId, { isVerified: flags.verified ?? true, isStaff: flags.staff ?? false, isSuperuser: flags.superuser ?? false });
  return user;
}

/** Operators as the admin API admits them: an authenticator app enrolled and a session signed in with it (aal 2). */
const superuser = async (): Promise<SignedUpUser> => signInWithTwoFactors(await account({ staff: true, superuser: true }));
const staff = async (): Promise<SignedUpUser> => signInWithTwoFactors(await account({ staff: true }));

async function detail(admin: SignedUpUser, id: string): Promise<DetailBody> {
  const res = await call<DetailBody>(withParams(getUser, { id }), `/api/admin/users/${id}/`, undefined, { method: "GET", ...bearer(admin.access) });
  expect(res.status, res.text).toBe(200);
  return res.body;
}

async function patch(admin: SignedUpUser, id: string, body: unknown): Promise<{ status: number; body: { user: UserJson } & ErrorBody }> {
  return call(withParams(patchUser, { id }), `/api/admin/users/${id}/`, body, { method: "PATCH", ...bearer(admin.access) });
}

async function list(admin: SignedUpUser, query: string): Promise<{ status: number; body: ListBody & ErrorBody }> {
  return call(listUsers, `/api/admin/users/?${query}`, undefined, { method: "GET", ...bearer(admin.access) });
}

describe("who may use the admin API", () => {
  const routes = (id: string, sid: string): [string, (request: Request) => Promise<Response>, string][] => [
    ["GET", listUsers, "/api/admin/users/"],
    ["GET", withParams(getUser, { id }), `/api/admin/users/${id}/`],
    ["PATCH", withParams(patchUser, { id }), `/api/admin/users/${id}/`],
    ["DELETE", withParams(deleteUser, { id }), `/api/admin/users/${id}/`],
    ["DELETE", withParams(endAllSessions, { id }), `/api/admin/users/${id}/sessions/`],
    ["DELETE", withParams(endOneSession, { id, sid }), `/api/admin/users/${id}/sessions/${sid}/`],
    ["POST", withParams(sendVerification, { id }), `/api/admin/users/${id}/send-verification/`],
    ["POST", withParams(sendReset, { id }), `/api/admin/users/${id}/send-password-reset/`],
  ];

  it("answers 401 without a token and 403 to a signed-in non-staff account, in every handler, and changes nothing", async () => {
    const target = await account({ verified: false });
    const outsider = await account();
    const unverifiedStaff = await account({ verified: false, staff: true, superuser: true });
    for (const [method, handler, path] of routes(target.userId, target.sid)) {
      const body = method === "PATCH" ? { is_active: false } : undefined;
      const anonymous = await call<ErrorBody>(handler, path, body, { method });
      expect(anonymous.status, `${method} ${path}`).toBe(401);
      expect(anonymous.body.code).toBe("not_authenticated");
      for (const caller of [outsider, unverifiedStaff]) {
        const refused = await call<ErrorBody>(handler, path, body, { method, ...bearer(caller.access) });
        expect(refused.status, `${method} ${path}`).toBe(403);
        expect(refused.body).toEqual({ code: "forbidden", detail: "You do not have permission to perform this action." });
      }
    }
    expect((await call(refresh, "/api/refresh/", { refresh: target.refresh })).status).toBe(200);
    await readOtp(target.email);
    expect(getFakeResend().emails.filter((mail) => mail.to.includes(target.email))).toHaveLength(1);
  });

  it("reads staff status from the database on every request: removing it refuses the very next call", async () => {
    const root = await superuser();
    const helper = await staff();
    expect((await list(helper, "")).status).toBe(200);
    expect((await patch(root, helper.userId, { is_staff: false })).status).toBe(200);
    const refused = await list(helper, "");
    expect(refused.status).toBe(403);
  });

  it("never grants staff by verifying an email", async () => {
    const root = await superuser();
    const user = await signUp();
    const verified = await call<TokenBody>(verify, "/api/verify/", { email: user.email, otp: await readOtp(user.email) }, bearer(user.access));
    expect(verified.status).toBe(200);
    expect((await list({ ...user, access: verified.body.access }, "")).status).toBe(403);
    expect((await detail(root, user.userId)).user).toMatchObject({ is_verified: true, is_staff: false, is_superuser: false });
  });
});

describe("GET /api/admin/users/", () => {
  it("searches email and user name, filters, and pages with a cursor without repeating anyone", async () => {
    const admin = await staff();
    const tag = randomUUID().slice(0, 6);
    const members: SignedUpUser[] = [];
    for (let index = 0; index < 5; index++) {
      const user = await account({ verified: index % 2 === 0 });
      await (await getPrisma()).user.update({ where: { id: user.userId }, data: { userName: `${tag}_${index}`, userNameKey: `${tag}_${index}` } });
      members.push(user);
    }
    const byName = await list(admin, `q=${tag.toUpperCase()}`);
    expect(byName.status).toBe(200);
    expect(byName.body.users.map((user) => user.id).sort()).toEqual(members.map((user) => user.userId).sort());
    expect(byName.body.users[0]).not.toHaveProperty("password_hash");
    const byEmail = await list(admin, `q=${encodeURIComponent(members[1]!.email.split("@")[0]!)}`);
    expect(byEmail.body.users.map((user) => user.id)).toEqual([members[1]!.userId]);
    expect((await list(admin, `q=${tag}&verified=false`)).body.users.map((user) => user.id).sort()).toEqual([members[1]!.userId, members[3]!.userId].sort());
    expect((await list(admin, `q=${tag}&staff=true`)).body.users).toEqual([]);
    expect((await list(admin, `q=${tag}_%25`)).body.users).toEqual([]);
    expect((await list(admin, `q=${tag}__`)).body.users).toEqual([]);
    expect((await list(admin, `q=${tag}_1`)).body.users.map((user) => user.id)).toEqual([members[1]!.userId]);

    const seen: string[] = [];
    let cursor: string | null = "";
    let pages = 0;
    while (cursor !== null) {
      const page: { status: number; body: ListBody } = await list(admin, `q=${tag}&limit=2&cursor=${encodeURIComponent(cursor)}`);
      expect(page.status).toBe(200);
      expect(page.body.users.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.users.map((user) => user.id));
      cursor = page.body.next_cursor;
      pages++;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(byName.body.users.map((user) => user.id));
  });

  it("refuses malformed filters, cursors and unknown parameters with field errors", async () => {
    const admin = await staff();
    const forged = (joined: string): string => Buffer.from(JSON.stringify([joined, randomUUID()])).toString("base64url");
    const cases = [
      ["verified=maybe", "verified"],
      ["cursor=not-a-cursor", "cursor"],
      // Cursors the server never writes: dates the database cannot store, or that do not read back as written.
      [`cursor=${forged("0000-01-01T00:00:00.000Z")}`, "cursor"],
      [`cursor=${forged("+275760-09-13T00:00:00.000Z")}`, "cursor"],
      [`cursor=${forged("2026-12-04")}`, "cursor"],
      ["q=ada%00", "q"],
      ["q=%0Aada", "q"],
      ["limit=0", "limit"],
      ["sort=email", "sort"],
    ];
    for (const [query, field] of cases) {
      const res = await list(admin, query!);
      expect(res.status, query).toBe(400);
      expect(res.body.code).toBe("validation_error");
      expect(res.body.errors?.[field!], query).toBeDefined();
    }
  });
});

describe("GET /api/admin/users/{id}/", () => {
  it("shows the profile, the live sessions with a device name, and the account's audit events", async () => {
    const admin = await staff();
    const user = await account();
    const body = await detail(admin, user.userId);
    expect(body.user).toMatchObject({ id: user.userId, email: user.email, user_name: user.userName, is_active: true, is_verified: true });
    expect(body.user).not.toHaveProperty("password_hash");
    expect(body.sessions).toEqual([expect.objectContaining({ id: user.sid, device: "Firefox on Linux" })]);
    expect(body.events.map((event) => event.event)).toContain("user_registered");
  });

  it("answers 404 for an unknown or malformed id", async () => {
    const admin = await staff();
    for (const id of [randomUUID(), "not-a-uuid", "1 OR 1=1"]) {
      const res = await call<ErrorBody>(withParams(getUser, { id }), `/api/admin/users/${id}/`, undefined, { method: "GET", ...bearer(admin.access) });
      expect(res.status, id).toBe(404);
      expect(res.body.code).toBe("not_found");
    }
  });
});

describe("PATCH /api/admin/users/{id}/", () => {
  it("deactivates an account, which ends every session at once, and reactivates it; both audited with the admin's id", async () => {
    const admin = await staff();
    const user = await account();
    const other = (await call<TokenBody>(login, "/api/login/", { email: user.email, password: user.password })).body;
    const off = await patch(admin, user.userId, { is_active: false });
    expect(off.status).toBe(200);
    expect(off.body.user.is_active).toBe(false);
    expect((await call(me, "/api/me/", undefined, { method: "GET", ...bearer(user.access) })).status).toBe(401);
    expect((await call(refresh, "/api/refresh/", { refresh: other.refresh })).status).toBe(401);
    expect((await call(login, "/api/login/", { email: user.email, password: user.password })).status).toBe(401);
    expect((await detail(admin, user.userId)).sessions).toEqual([]);

    expect((await patch(admin, user.userId, { is_active: true })).body.user.is_active).toBe(true);
    expect((await call(login, "/api/login/", { email: user.email, password: user.password })).status).toBe(200);
    const events = (await detail(admin, user.userId)).events;
    for (const name of ["deactivated_by_admin", "reactivated_by_admin"]) {
      const event = events.find((row) => row.event === name);
      expect(event?.actor, name).toEqual({ id: admin.userId, user_name: admin.userName });
      expect(event?.detail.actor_id).toBe(admin.userId);
    }
    // The owner's dashboard says in words what an administrator did, and offers no "This wasn't me" for it.
    const signedIn = await call<TokenBody>(login, "/api/login/", { email: user.email, password: user.password });
    const principal = await authenticateAccessToken(signedIn.body.access);
    const shown = (await getAccountOverview(principal)).events;
    expect(shown.find((row) => row.label === "Account deactivated by an administrator: every session was signed out")).toMatchObject({ isWarning: true, isReportable: false, ip: null, device: "Administrator" });
    expect(shown.find((row) => row.label === "Account reactivated by an administrator")).toMatchObject({ isReportable: false });
    expect(shown.some((row) => row.label.includes("_"))).toBe(false);
  });

  it("marks an email verified (the owner reaches protected endpoints) and withdraws it again", async () => {
    const admin = await staff();
    const user = await account({ verified: false });
    const reach = async (): Promise<{ status: number; code?: string }> => {
      const res = await call<ErrorBody>(experiment, "/api/experiment/", undefined, bearer(user.access));
      return { status: res.status, code: res.body.code };
    };
    expect(await reach()).toEqual({ status: 403, code: "email_not_verified" });
    expect((await patch(admin, user.userId, { is_verified: true })).body.user).toMatchObject({ is_verified: true, is_staff: false });
    expect(await reach()).toEqual({ status: 200, code: undefined });
    expect((await patch(admin, user.userId, { is_verified: false })).body.user.is_verified).toBe(false);
    expect(await reach()).toEqual({ status: 403, code: "email_not_verified" });
    const events = (await detail(admin, user.userId)).events.map((event) => event.event);
    expect(events).toEqual(expect.arrayContaining(["verified_by_admin", "unverified_by_admin"]));
  });

  it("lets only superusers grant and remove staff; removing staff removes superuser too", async () => {
    const root = await superuser();
    const helper = await staff();
    const user = await account();
    const refused = await patch(helper, user.userId, { is_staff: true });
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toBe("Only a superuser can grant or remove staff.");
    expect((await patch(root, user.userId, { is_staff: true })).body.user.is_staff).toBe(true);
    // Staff now, but the admin API also needs two factors: enrol, sign in with a code, and it opens.
    expect((await list(user, "")).body.code).toBe("mfa_enrollment_required");
    expect((await list(await signInWithTwoFactors(user), "")).status).toBe(200);
    const otherRoot = await superuser();
    expect((await patch(root, otherRoot.userId, { is_staff: false })).body.user).toMatchObject({ is_staff: false, is_superuser: false });
    expect((await detail(root, user.userId)).events.find((event) => event.event === "staff_granted_by_admin")?.actor?.id).toBe(root.userId);
  });

  it("keeps staff from changing other staff accounts, and anyone from locking themselves out", async () => {
    const root = await superuser();
    const helper = await staff();
    const colleague = await staff();
    const blocked = await patch(helper, colleague.userId, { is_active: false });
    expect(blocked.status).toBe(403);
    expect(blocked.body.detail).toBe("Only a superuser can change another staff account.");
    expect((await patch(helper, root.userId, { is_active: false })).status).toBe(403);
    for (const body of [{ is_active: false }, { is_staff: false }, { is_verified: false }]) {
      const self = await patch(root, root.userId, body);
      expect(self.status).toBe(403);
      expect(self.body.detail).toMatch(/^You cannot .* your own account\.$/);
    }
    const selfDelete = await call<ErrorBody>(withParams(deleteUser, { id: root.userId }), "/", undefined, { method: "DELETE", ...bearer(root.access) });
    expect(selfDelete.status).toBe(403);
    expect((await detail(root, root.userId)).user).toMatchObject({ is_active: true, is_staff: true, is_superuser: true });
    expect((await detail(root, colleague.userId)).user.is_active).toBe(true);
  });

  it("refuses empty, mistyped and unknown fields", async () => {
    const admin = await staff();
    const user = await account();
    for (const [body, field] of [[{}, "non_field_errors"], [{ is_active: "no" }, "is_active"], [{ is_superuser: true }, "is_superuser"]] as const) {
      const res = await patch(admin, user.userId, body);
      expect(res.status).toBe(400);
      expect(res.body.errors?.[field], JSON.stringify(body)).toBeDefined();
    }
  });
});

describe("sessions of an account", () => {
  it("ends one session, or all of them at once", async () => {
    const admin = await staff();
    const user = await account();
    const laptop = (await call<TokenBody>(login, "/api/login/", { email: user.email, password: user.password })).body;
    const phone = (await call<TokenBody>(login, "/api/login/", { email: user.email, password: user.password })).body;
    const one = await call(withParams(endOneSession, { id: user.userId, sid: user.sid }), "/", undefined, { method: "DELETE", ...bearer(admin.access) });
    expect(one.status).toBe(204);
    expect((await call(refresh, "/api/refresh/", { refresh: user.refresh })).status).toBe(401);
    expect((await call(refresh, "/api/refresh/", { refresh: laptop.refresh })).status).toBe(200);

    const stranger = await account();
    const foreign = await call(withParams(endOneSession, { id: user.userId, sid: stranger.sid }), "/", undefined, { method: "DELETE", ...bearer(admin.access) });
    expect(foreign.status).toBe(404);
    expect((await call(refresh, "/api/refresh/", { refresh: stranger.refresh })).status).toBe(200);

    const all = await call<{ sessions_ended: number }>(withParams(endAllSessions, { id: user.userId }), "/", undefined, { method: "DELETE", ...bearer(admin.access) });
    expect(all.status).toBe(200);
    expect(all.body.sessions_ended).toBe(2);
    expect((await call(me, "/api/me/", undefined, { method: "GET", ...bearer(phone.access) })).status).toBe(401);
    const events = (await detail(admin, user.userId)).events;
    expect(events.find((event) => event.event === "session_ended_by_admin")?.session_id).toBe(user.sid);
    expect(events.find((event) => event.event === "sessions_ended_by_admin")?.detail).toMatchObject({ actor_id: admin.userId, sessions_ended: 2 });
  });
});

describe("the owner's next page after an operator acted", () => {
  /** Where the proxy sends a browser holding only this refresh cookie when it opens the dashboard. */
  const signInPathFor = async (refreshToken: string): Promise<string | null> =>
    (await proxy(new NextRequest("http://localhost:3000/dashboard", { headers: { cookie: `refresh=${refreshToken}` } }))).headers.get("location");

  it("says an administrator ended the session, or deactivated the account, not another device", async () => {
    const admin = await staff();
    const user = await account();
    const phone = (await call<TokenBody>(login, "/api/login/", { email: user.email, password: user.password })).body;
    await call(withParams(endOneSession, { id: user.userId, sid: user.sid }), "/", undefined, { method: "DELETE", ...bearer(admin.access) });
    expect(await signInPathFor(user.refresh)).toBe("http://localhost:3000/login?next=%2Fdashboard&session_ended=admin");

    expect((await patch(admin, user.userId, { is_active: false })).status).toBe(200);
    expect(await signInPathFor(phone.refresh)).toBe("http://localhost:3000/login?next=%2Fdashboard&session_ended=deactivated");
  });
});

describe("codes sent by an operator", () => {
  it("mails a verification code the owner can use, once per cooldown, and not to a verified account", async () => {
    const admin = await staff();
    const user = await account({ verified: false });
    const send = withParams(sendVerification, { id: user.userId });
    await readOtp(user.email);
    const before = getFakeResend().emails.filter((mail) => mail.to.includes(user.email)).length;
    // There is nothing to send: a body with fields is refused before anything is mailed.
    const stray = await call<ErrorBody>(send, "/", { x: 1 }, bearer(admin.access));
    expect(stray.status).toBe(400);
    expect(stray.body.code).toBe("validation_error");
    // The registration's code started the owner's cooldown.
    expect((await call<ErrorBody>(send, "/", undefined, bearer(admin.access))).body.code).toBe("otp_cooldown");
    await resetLimit("otpResend", user.email);
    const sent = await call<{ detail: string }>(send, "/", undefined, bearer(admin.access));
    expect(sent.status).toBe(202);
    expect(sent.body.detail).toBe(`A verification code is on its way to ${user.email}.`);
    const otp = await readOtp(user.email);
    expect(getFakeResend().emails.filter((mail) => mail.to.includes(user.email))).toHaveLength(before + 1);
    const again = await call<ErrorBody>(send, "/", undefined, bearer(admin.access));
    expect(again.status).toBe(429);
    expect(again.headers.get("retry-after")).not.toBeNull();
    expect((await call(verify, "/api/verify/", { email: user.email, otp })).status).toBe(200);
    await resetLimit("otpResend", user.email);
    const verified = await call<ErrorBody>(send, "/", undefined, bearer(admin.access));
    expect(verified.status).toBe(400);
    expect(verified.body.detail).toBe("This email address is already verified.");
    expect((await detail(admin, user.userId)).events.map((event) => event.event)).toContain("verification_code_sent_by_admin");
  });

  it("mails a password-reset code, and refuses a deactivated account", async () => {
    const admin = await staff();
    const user = await account();
    const sent = await call<{ detail: string }>(withParams(sendReset, { id: user.userId }), "/", undefined, bearer(admin.access));
    expect(sent.status).toBe(202);
    await readOtp(user.email);
    expect(getFakeResend().emails.filter((mail) => mail.to.includes(user.email)).at(-1)?.subject).toMatch(/reset/i);
    const idle = await account();
    await patch(admin, idle.userId, { is_active: false });
    const refused = await call<ErrorBody>(withParams(sendReset, { id: idle.userId }), "/", undefined, bearer(admin.access));
    expect(refused.status).toBe(400);
    expect(refused.body.detail).toBe("This account is deactivated. Reactivate it first.");
  });
});

describe("DELETE /api/admin/users/{id}/", () => {
  it("lets a superuser delete an account for good, audited; staff are refused", async () => {
    const root = await superuser();
    const helper = await staff();
    const user = await account();
    const path = `/api/admin/users/${user.userId}/`;
    expect((await call<ErrorBody>(withParams(deleteUser, { id: user.userId }), path, undefined, { method: "DELETE", ...bearer(helper.access) })).status).toBe(403);
    expect((await call(withParams(deleteUser, { id: user.userId }), path, undefined, { method: "DELETE", ...bearer(root.access) })).status).toBe(204);
    expect((await call(withParams(getUser, { id: user.userId }), path, undefined, { method: "GET", ...bearer(root.access) })).status).toBe(404);
    expect((await call(login, "/api/login/", { email: user.email, password: user.password })).status).toBe(401);
    expect((await call(refresh, "/api/refresh/", { refresh: user.refresh })).status).toBe(401);
    const audit = await (await getPrisma()).auditEvent.findFirst({ where: { event: "account_deleted_by_admin", detail: { path: ["target_id"], equals: user.userId } } });
    expect(audit?.detail).toEqual({ actor_id: root.userId, target_id: user.userId });
    expect((await call(withParams(deleteUser, { id: user.userId }), path, undefined, { method: "DELETE", ...bearer(root.access) })).status).toBe(404);
  });
});
