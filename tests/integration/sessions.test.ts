import { describe, expect, it } from "vitest";
import { POST as login } from "@/app/api/login/route";
import { POST as refresh } from "@/app/api/refresh/route";
import { POST as register } from "@/app/api/register/route";
import { GET as listSessions } from "@/app/api/sessions/route";
import { POST as revoke } from "@/app/api/sessions/revoke/route";
import { call, decodeJwt, newUser } from "../support/api";

const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

describe("a user's own sessions", () => {
  it("lists them with the current one marked, and ends another one on request", async () => {
    const user = newUser();
    const phone = (await call<Record<string, any>>(register, "/api/register/", user, { headers: { "user-agent": "Phone/1.0" } })).body;
    const laptop = (await call<Record<string, any>>(login, "/api/login/", { email: user.email, password: user.password }, { headers: { "user-agent": "Laptop/2.0" } })).body;
    const listed = await call<{ sessions: any[] }>(listSessions, "/api/sessions/", undefined, { method: "GET", ...bearer(laptop.access) });
    expect(listed.status).toBe(200);
    expect(listed.body.sessions).toHaveLength(2);
    const current = listed.body.sessions.find((s) => s.current);
    expect(current.user_agent).toBe("Laptop/2.0");
    const phoneSid = decodeJwt(phone.refresh).payload.sid;
    expect((await call(revoke, "/api/sessions/revoke/", { session_id: phoneSid }, bearer(laptop.access))).status).toBe(204);
    expect((await call(refresh, "/api/refresh/", { refresh: phone.refresh })).status).toBe(401);
    expect((await call(refresh, "/api/refresh/", { refresh: laptop.refresh })).status).toBe(200);
  });

  it("cannot end someone else's session, and needs credentials", async () => {
    const mine = (await call<Record<string, any>>(register, "/api/register/", newUser())).body;
    const theirs = (await call<Record<string, any>>(register, "/api/register/", newUser())).body;
    const res = await call<Record<string, any>>(revoke, "/api/sessions/revoke/", { session_id: decodeJwt(theirs.refresh).payload.sid }, bearer(mine.access));
    expect(res.status).toBe(404);
    expect((await call(refresh, "/api/refresh/", { refresh: theirs.refresh })).status).toBe(200);
    expect((await call(revoke, "/api/sessions/revoke/", { session_id: decodeJwt(theirs.refresh).payload.sid })).status).toBe(401);
    expect((await call<Record<string, any>>(revoke, "/api/sessions/revoke/", { session_id: "nope" }, bearer(mine.access))).body.errors.session_id).toBeDefined();
  });
});
