import { describe, expect, it } from "vitest";
import { GET as loginGet, POST as login } from "@/app/api/login/route";
import { GET as me } from "@/app/api/me/route";
import { POST as refresh } from "@/app/api/refresh/route";
import { getPrisma } from "@/lib/db/client";
import { bearer, call, decodeJwt, signUp, type TokenBody, type ValidationBody } from "../support";

const failure = { detail: "No active account found with the given credentials", code: "authentication_failed" };

describe("POST /api/login/", () => {
  it("returns a token pair for the right password, with any email case", async () => {
    const user = await signUp();
    const res = await call<TokenBody>(login, "/api/login/", { email: user.email.toUpperCase(), password: user.password });
    expect(res.status).toBe(200);
    // The pair, and the device token that gives this client its own budget of failures next time.
    expect(Object.keys(res.body).sort()).toEqual(["access", "device_token", "refresh"]);
    const access = decodeJwt(res.body.access);
    expect(access.header).toMatchObject({ alg: "EdDSA", typ: "at+jwt" });
    expect(typeof access.header.kid).toBe("string");
    expect(access.payload).toMatchObject({ token_type: "access", iss: "next-jwt-auth", aud: "next-jwt-auth" });
    const row = await (await getPrisma()).user.findUnique({ where: { emailKey: user.email } });
    expect(row?.lastLogin).not.toBeNull();
  });

  it("gives one answer for an unknown email, a wrong password and an inactive account", async () => {
    const user = await signUp();
    const wrong = await call(login, "/api/login/", { email: user.email, password: "Wrong-password-1" });
    const unknown = await call(login, "/api/login/", { email: `nobody-${user.email}`, password: user.password });
    await (await getPrisma()).user.update({ where: { emailKey: user.email }, data: { isActive: false } });
    const inactive = await call(login, "/api/login/", { email: user.email, password: user.password });
    for (const res of [wrong, unknown, inactive]) {
      expect(res.status).toBe(401);
      expect(res.body).toEqual(failure);
    }
  });

  it("asks for missing fields", async () => {
    const res = await call<ValidationBody>(login, "/api/login/", { email: "a@b.co" });
    expect(res.status).toBe(400);
    expect(res.body.errors.password).toEqual(["This field is required."]);
  });

  it("audits failures and successes, and upgrades an old password hash at the next login", async () => {
    const user = await signUp();
    const prisma = await getPrisma();
    const { hash } = await import("@node-rs/argon2");
    const weak = await hash(user.password, { algorithm: 2, memoryCost: 4096, timeCost: 1, parallelism: 1 });
    await prisma.user.update({ where: { id: user.userId }, data: { passwordHash: weak } });
    expect((await call(login, "/api/login/", { email: user.email, password: "Wrong-password-1" })).status).toBe(401);
    expect((await call(login, "/api/login/", { email: user.email, password: user.password })).status).toBe(200);
    const events = await prisma.auditEvent.findMany({ where: { userId: user.userId, event: { startsWith: "login_" } }, orderBy: { id: "asc" } });
    expect(events.map((e) => e.event)).toEqual(["login_failed", "login_succeeded"]);
    const row = await prisma.user.findUnique({ where: { id: user.userId } });
    expect(row?.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect((await call(login, "/api/login/", { email: user.email, password: user.password })).status).toBe(200);
  });

  it("never lets an API response be cached", async () => {
    const user = await signUp();
    const signedIn = await call<TokenBody>(login, "/api/login/", { email: user.email, password: user.password });
    const responses = {
      "tokens": signedIn,
      "wrong password": await call(login, "/api/login/", { email: user.email, password: "Wrong-password-9" }),
      "unknown email": await call(login, "/api/login/", { email: "nobody@example.test", password: "x" }),
      "invalid body": await call(login, "/api/login/", { email: "not an email" }),
      "malformed JSON": await call(login, "/api/login/", undefined, { rawBody: "{" }),
      "wrong method": await call(loginGet, "/api/login/", undefined, { method: "GET" }),
      "rotated tokens": await call(refresh, "/api/refresh/", { refresh: signedIn.body.refresh }),
      "profile": await call(me, "/api/me/", undefined, { method: "GET", ...bearer(signedIn.body.access) }),
    };
    const seen = Object.fromEntries(Object.entries(responses).map(([what, res]) => [what, `${res.status} ${res.headers.get("cache-control")}`]));
    expect(seen).toEqual({
      "tokens": "200 no-store",
      "wrong password": "401 no-store",
      "unknown email": "401 no-store",
      "invalid body": "400 no-store",
      "malformed JSON": "400 no-store",
      "wrong method": "405 no-store",
      "rotated tokens": "200 no-store",
      "profile": "200 no-store",
    });
  });
});
