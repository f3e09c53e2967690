import { describe, expect, it } from "vitest";
import { POST as login } from "@/app/api/login/route";
import { POST as refresh } from "@/app/api/refresh/route";
import { GET as listSessions } from "@/app/api/sessions/route";
import { POST as revoke } from "@/app/api/sessions/revoke/route";
import { bearer, call, signUp, type SessionsBody, type TokenBody, type ValidationBody } from "../support";

describe("a user's own sessions", () => {
  it("lists them with the current one marked, and ends another one on request", async () => {
    const phone = await signUp({ headers: { "user-agent": "Phone/1.0" } });
    const laptop = (await call<TokenBody>(login, "/api/login/", { email: phone.email, password: phone.password }, { headers: { "user-agent": "Laptop/2.0" } })).body;
    const listed = await call<SessionsBody>(listSessions, "/api/sessions/", undefined, { method: "GET", ...bearer(laptop.access) });
    expect(listed.status).toBe(200);
    expect(listed.body.sessions).toHaveLength(2);
    const current = listed.body.sessions.find((s) => s.current);
    expect(current?.user_agent).toBe("Laptop/2.0");
    expect((await call(revoke, "/api/sessions/revoke/", { session_id: phone.sid }, bearer(laptop.access))).status).toBe(204);
    expect((await call(refresh, "/api/refresh/", { refresh: phone.refresh })).status).toBe(401);
    expect((await call(refresh, "/api/refresh/", { refresh: laptop.refresh })).status).toBe(200);
  });

  it("cannot end someone else's session, and needs credentials", async () => {
    const mine = await signUp();
    const theirs = await signUp();
    const res = await call(revoke, "/api/sessions/revoke/", { session_id: theirs.sid }, bearer(mine.access));
    expect(res.status).toBe(404);
    expect((await call(refresh, "/api/refresh/", { refresh: theirs.refresh })).status).toBe(200);
    expect((await call(revoke, "/api/sessions/revoke/", { session_id: theirs.sid })).status).toBe(401);
    expect((await call<ValidationBody>(revoke, "/api/sessions/revoke/", { session_id: "nope" }, bearer(mine.access))).body.errors.session_id).toBeDefined();
  });
});
