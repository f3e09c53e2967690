import { describe, expect, it, vi } from "vitest";
import { POST as experiment } from "@/app/api/experiment/route";
import { POST as login } from "@/app/api/login/route";
import { POST as logout } from "@/app/api/logout/route";
import { POST as refresh } from "@/app/api/refresh/route";
import { getPrisma } from "@/lib/db/client";
import { bearer, call, decodeJwt, setTestEnv, signUp, type ErrorBody, type TokenBody, type ValidationBody } from "../support";

/** `T` is the answer the test expects: a pair by default, ErrorBody for a refusal it reads. */
const refreshWith = <T = TokenBody>(token: string) => call<T>(refresh, "/api/refresh/", { refresh: token });

describe("POST /api/refresh/ in rotate-blacklist mode (default)", () => {
  it("returns a new pair and blacklists the old refresh token after the grace window", async () => {
    setTestEnv({ REFRESH_REUSE_GRACE: "0" });
    const first = await signUp();
    const next = await refreshWith(first.refresh);
    expect(next.status).toBe(200);
    expect(next.body.refresh).not.toBe(first.refresh);
    expect(decodeJwt(next.body.refresh).payload.sid).toBe(first.sid);
    await new Promise((r) => setTimeout(r, 5));
    const replay = await refreshWith<ErrorBody>(first.refresh);
    expect(replay.status).toBe(401);
    expect(replay.body.code).toBe("token_not_valid");
  });

  it("revokes the whole session when a used token is replayed after the grace window, and audits it", async () => {
    setTestEnv({ REFRESH_REUSE_GRACE: "0" });
    const first = await signUp();
    const second = (await refreshWith(first.refresh)).body;
    await new Promise((r) => setTimeout(r, 5));
    expect((await refreshWith(first.refresh)).status).toBe(401);
    // The thief's replay killed the legitimate holder's newer token too.
    const victim = await refreshWith(second.refresh);
    expect(victim.status).toBe(401);
    const access = await call(experiment, "/api/experiment/", undefined, bearer(second.access));
    expect(access.status).toBe(401);
    const events = await (await getPrisma()).auditEvent.findMany({ where: { userId: first.userId, event: "refresh_token_reused" } });
    expect(events).toHaveLength(1);
  });

  it("returns the identical pair to a replay inside the grace window", async () => {
    setTestEnv({ REFRESH_REUSE_GRACE: "10" });
    const first = await signUp();
    const a = await refreshWith(first.refresh);
    const b = await refreshWith(first.refresh);
    expect(b.status).toBe(200);
    expect(b.body).toEqual(a.body);
  });

  it("turns 20 parallel refreshes of one token into one lineage with one identical pair", async () => {
    const first = await signUp();
    const results = await Promise.all(Array.from({ length: 20 }, () => refreshWith(first.refresh)));
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
    const distinct = new Set(results.map((r) => JSON.stringify(r.body)));
    expect(distinct.size).toBe(1);
    const tokens = await (await getPrisma()).refreshToken.count({ where: { sessionId: first.sid } });
    expect(tokens).toBe(2);
  });

  it("re-reads the user: a newly verified one gets the verified claim, a deactivated one a 401", async () => {
    const first = await signUp();
    const prisma = await getPrisma();
    await prisma.user.update({ where: { id: first.userId }, data: { isVerified: true } });
    const next = await refreshWith(first.refresh);
    expect(decodeJwt(next.body.access).payload.verified).toBe(true);
    await prisma.user.update({ where: { id: first.userId }, data: { isActive: false } });
    const refused = await refreshWith(next.body.refresh);
    expect(refused.status).toBe(401);
  });

  it("never extends a session past its absolute lifetime", async () => {
    setTestEnv({ SESSION_MAX_LIFETIME: "100", REFRESH_TOKEN_LIFETIME: "86400" });
    const first = await signUp();
    const exp = decodeJwt(first.refresh).payload.exp;
    expect(exp - Math.floor(Date.now() / 1000)).toBeLessThanOrEqual(100);
    const next = await refreshWith(first.refresh);
    expect(decodeJwt(next.body.refresh).payload.exp).toBeLessThanOrEqual(exp);
  });

  it("refuses an access token, garbage and a missing field", async () => {
    const first = await signUp();
    expect((await refreshWith(first.access)).status).toBe(401);
    expect((await refreshWith("not.a.jwt")).status).toBe(401);
    const missing = await call<ValidationBody>(refresh, "/api/refresh/", {});
    expect(missing.status).toBe(400);
    expect(missing.body.errors.refresh).toEqual(["This field is required."]);
  });

  it("refuses an expired refresh token", async () => {
    setTestEnv({ REFRESH_TOKEN_LIFETIME: "1" });
    const first = await signUp();
    vi.useFakeTimers({ now: Date.now() + 3_000, toFake: ["Date"] });
    try {
      expect((await refreshWith(first.refresh)).status).toBe(401);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("POST /api/refresh/ in the other modes", () => {
  it("rotate: returns a new pair and the old token stays valid", async () => {
    setTestEnv({ REFRESH_ROTATION: "rotate", REFRESH_REUSE_GRACE: "0" });
    const first = await signUp();
    const a = await refreshWith(first.refresh);
    expect(Object.keys(a.body).sort()).toEqual(["access", "refresh"]);
    await new Promise((r) => setTimeout(r, 1100));
    const b = await refreshWith(first.refresh);
    expect(b.status).toBe(200);
    expect(b.body.refresh).not.toBe(a.body.refresh);
  });

  it("off: returns only an access token and the refresh token stays valid", async () => {
    setTestEnv({ REFRESH_ROTATION: "off" });
    const first = await signUp();
    const a = await refreshWith(first.refresh);
    expect(Object.keys(a.body)).toEqual(["access"]);
    expect((await refreshWith(first.refresh)).status).toBe(200);
  });
});

describe("POST /api/logout/", () => {
  it("answers 205 and revokes every token of the session", async () => {
    const first = await signUp();
    const second = (await refreshWith(first.refresh)).body;
    const res = await call(logout, "/api/logout/", { refresh: second.refresh });
    expect(res.status).toBe(205);
    expect(res.text).toBe("");
    expect((await refreshWith(second.refresh)).status).toBe(401);
    const access = await call(experiment, "/api/experiment/", undefined, bearer(second.access));
    expect(access.status).toBe(401);
    const again = await call(logout, "/api/logout/", { refresh: second.refresh });
    expect(again.status).toBe(401);
  });

  it("racing a refresh never fails and never leaves a token alive after it answered 205", async () => {
    for (let round = 0; round < 15; round++) {
      const first = await signUp();
      const [rotated, loggedOut] = await Promise.all([refreshWith(first.refresh), call(logout, "/api/logout/", { refresh: first.refresh })]);
      expect([200, 401]).toContain(rotated.status);
      expect(loggedOut.status).toBe(205);
      if (rotated.status === 200) expect((await refreshWith(rotated.body.refresh)).status).toBe(401);
    }
  });

  it("leaves the user's other sessions alone", async () => {
    const user = await signUp();
    const a = (await call<TokenBody>(login, "/api/login/", { email: user.email, password: user.password })).body;
    const b = (await call<TokenBody>(login, "/api/login/", { email: user.email, password: user.password })).body;
    expect((await call(logout, "/api/logout/", { refresh: a.refresh })).status).toBe(205);
    expect((await refreshWith(b.refresh)).status).toBe(200);
  });

  it("answers GET with 405 and Allow: POST", async () => {
    const { GET } = await import("@/app/api/logout/route");
    const res = await call<ErrorBody>(GET, "/api/logout/", undefined, { method: "GET" });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("POST");
    expect(res.body.code).toBe("method_not_allowed");
    const { OPTIONS } = await import("@/app/api/logout/route");
    const options = await call(OPTIONS, "/api/logout/", undefined, { method: "OPTIONS" });
    expect(options.status).toBe(204);
    expect(options.headers.get("allow")).toBe("POST");
  });
});
