import { generateKeyPairSync, randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { DELETE as introspectDelete, GET as introspectGet, OPTIONS as introspectOptions, POST as introspect } from "@/app/api/introspect/route";
import { POST as logout } from "@/app/api/logout/route";
import { POST as refresh } from "@/app/api/refresh/route";
import { buildClaims, nowSeconds, signToken } from "@/lib/auth/tokens";
import { getPrisma } from "@/lib/db/client";
import { getOpenApiDocument } from "@/lib/http/openapi";
import { documentValidator } from "../support/openapi";
import { call, decodeJwt, setTestEnv, signUp, type ErrorBody, type TokenBody } from "../support";

const secret = "introspection-secret-for-the-tests-0123456789";
const auth = { authorization: `Bearer ${secret}` };

type Answer = { active: boolean } & Record<string, unknown>;

// Opening the database (and migrating an in-memory one) belongs to no single test's time budget.
beforeAll(async () => {
  await getPrisma();
});

function asForm(token: string, headers: Record<string, string> = auth): Promise<{ status: number; body: Answer }> {
  return call<Answer>(introspect, "/api/introspect/", undefined, {
    headers: { ...headers, "content-type": "application/x-www-form-urlencoded" },
    rawBody: new URLSearchParams({ token }).toString(),
  });
}

function asJson(token: string): Promise<{ status: number; body: Answer }> {
  return call<Answer>(introspect, "/api/introspect/", { token }, { headers: auth });
}

describe("POST /api/introspect/ switched off", () => {
  it("answers 404 not_found for every method while INTROSPECTION_SECRET is unset", async () => {
    const user = await signUp();
    const post = await call<ErrorBody>(introspect, "/api/introspect/", { token: user.access }, { headers: auth });
    expect(post.status).toBe(404);
    expect(post.body.code).toBe("not_found");
    for (const [handler, method] of [[introspectGet, "GET"], [introspectDelete, "DELETE"], [introspectOptions, "OPTIONS"]] as const) {
      const res = await call<ErrorBody>(handler, "/api/introspect/", undefined, { method });
      expect(res.status, method).toBe(404);
      expect(res.body.code).toBe("not_found");
    }
  });
});

describe("POST /api/introspect/", () => {
  it("refuses callers without the secret: 401, and never looks at the token", async () => {
    setTestEnv({ INTROSPECTION_SECRET: secret });
    const user = await signUp();
    const none = await call<ErrorBody>(introspect, "/api/introspect/", { token: user.access });
    expect(none.status).toBe(401);
    expect(none.body.code).toBe("not_authenticated");
    // A user's own access token is not the secret.
    const wrong = await asForm(user.access, { authorization: `Bearer ${user.access}` });
    expect(wrong.status).toBe(401);
    expect(wrong.body).not.toHaveProperty("active");
    const almost = await asForm(user.access, { authorization: `Bearer ${secret.slice(0, -1)}x` });
    expect(almost.status).toBe(401);
    expect((await call(introspectGet, "/api/introspect/", undefined, { method: "GET", headers: auth })).status).toBe(405);
  });

  it("describes a live access token (form body) and refresh token (JSON) in RFC 7662's shape", async () => {
    setTestEnv({ INTROSPECTION_SECRET: secret });
    const user = await signUp();
    const access = await asForm(user.access);
    expect(access.status).toBe(200);
    const claims = decodeJwt(user.access).payload;
    expect(access.body).toEqual({
      active: true,
      token_type: "access",
      sub: user.userId,
      sid: user.sid,
      jti: claims.jti,
      iat: claims.iat,
      nbf: claims.nbf,
      exp: claims.exp,
      iss: "next-jwt-auth",
      aud: "next-jwt-auth",
      verified: false,
    });
    const refreshAnswer = await asJson(user.refresh);
    expect(refreshAnswer.status).toBe(200);
    expect(refreshAnswer.body).toMatchObject({ active: true, token_type: "refresh", sub: user.userId, sid: user.sid, exp: decodeJwt(user.refresh).payload.exp });
    // The hint is optional and does not change the verdict.
    const hinted = await call<Answer>(introspect, "/api/introspect/", { token: user.refresh, token_type_hint: "access_token" }, { headers: auth });
    expect(hinted.body.active).toBe(true);
  });

  it("says only {active: false} for garbage, a foreign signature, an expired token and an ended session", async () => {
    setTestEnv({ INTROSPECTION_SECRET: secret });
    const user = await signUp();
    const now = nowSeconds();
    const base = { jti: randomUUID(), sid: user.sid, userId: user.userId, verified: false, aal: 1, amr: ["pwd"], authTime: now };
    const expired = await signToken(buildClaims("access", { ...base, issuedAt: now - 600, expiresAt: now - 300 }));
    const foreignKey = generateKeyPairSync("ed25519").privateKey;
    const foreign = await new SignJWT({ ...decodeJwt(user.access).payload })
      .setProtectedHeader({ alg: "EdDSA", typ: "at+jwt", kid: decodeJwt(user.access).header.kid })
      .sign(foreignKey);
    for (const token of ["not-a-jwt", "a.b.c", expired, foreign]) {
      const res = await asForm(token);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ active: false });
    }

    // Rotation uses the refresh token up: the old one is inactive, its successor active.
    const rotated = await call<TokenBody>(refresh, "/api/refresh/", { refresh: user.refresh });
    expect(rotated.status).toBe(200);
    expect((await asJson(user.refresh)).body).toEqual({ active: false });
    expect((await asJson(rotated.body.refresh)).body.active).toBe(true);

    // Logout ends the session: its still-unexpired access token and refresh token are inactive at once.
    expect((await call(logout, "/api/logout/", { refresh: rotated.body.refresh })).status).toBe(205);
    expect((await asJson(rotated.body.access)).body).toEqual({ active: false });
    expect((await asJson(user.access)).body).toEqual({ active: false });
    expect((await asJson(rotated.body.refresh)).body).toEqual({ active: false });
  });

  it("treats a blacklisted refresh token and a deactivated user as inactive", async () => {
    setTestEnv({ INTROSPECTION_SECRET: secret });
    const prisma = await getPrisma();
    const blacklisted = await signUp();
    await prisma.refreshToken.update({ where: { jti: decodeJwt(blacklisted.refresh).payload.jti }, data: { blacklistedAt: new Date() } });
    expect((await asJson(blacklisted.refresh)).body).toEqual({ active: false });
    expect((await asJson(blacklisted.access)).body.active).toBe(true);

    const deactivated = await signUp();
    await prisma.user.update({ where: { id: deactivated.userId }, data: { isActive: false } });
    expect((await asJson(deactivated.access)).body).toEqual({ active: false });
    expect((await asJson(deactivated.refresh)).body).toEqual({ active: false });
  });

  it("answers bad requests with the JSON error shape", async () => {
    setTestEnv({ INTROSPECTION_SECRET: secret });
    const missing = await call<ErrorBody>(introspect, "/api/introspect/", {}, { headers: auth });
    expect(missing.status).toBe(400);
    expect(missing.body.code).toBe("validation_error");
    expect(missing.body.errors?.token).toEqual(["This field is required."]);
    const twice = await call<ErrorBody>(introspect, "/api/introspect/", undefined, {
      headers: { ...auth, "content-type": "application/x-www-form-urlencoded" },
      rawBody: "token=a&token=b",
    });
    expect(twice.status).toBe(400);
    expect(twice.body.code).toBe("invalid_request");
    const unknown = await call<ErrorBody>(introspect, "/api/introspect/", { token: "x", client_secret: "y" }, { headers: auth });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toHaveProperty("client_secret");
    const plain = await call<ErrorBody>(introspect, "/api/introspect/", undefined, { headers: { ...auth, "content-type": "text/plain" }, rawBody: "token=x" });
    expect(plain.status).toBe(415);
  });

  it("answers as the OpenAPI document says, form and JSON requests alike", async () => {
    setTestEnv({ INTROSPECTION_SECRET: secret });
    const validator = documentValidator(await getOpenApiDocument());
    const user = await signUp();
    for (const mediaType of ["application/json", "application/x-www-form-urlencoded"]) {
      expect(validator.check(validator.requestPointer("/api/introspect/", "post", mediaType)!, { token: user.access }), mediaType).toEqual([]);
    }
    const answers = [await asForm(user.access), await asJson(user.refresh), await asJson("garbage")];
    const refused = await call<ErrorBody>(introspect, "/api/introspect/", { token: user.access });
    for (const res of [...answers, refused]) {
      const pointer = validator.responsePointer("/api/introspect/", "post", res.status);
      expect(pointer, `status ${res.status} is documented`).not.toBeNull();
      expect(validator.check(pointer!, res.body)).toEqual([]);
    }
  });
});
