import { describe, expect, it } from "vitest";
import { GET as jwks } from "@/app/.well-known/jwks.json/route";
import { POST as experiment } from "@/app/api/experiment/route";
import { bearer, call, signUp, type ErrorBody } from "../support";

describe("POST /api/experiment/", () => {
  it("needs credentials", async () => {
    const res = await call<ErrorBody>(experiment, "/api/experiment/");
    expect(res.status).toBe(401);
    expect(res.body.code).toBe("not_authenticated");
  });

  it("refuses a deactivated user's still-unexpired access token", async () => {
    const user = await signUp();
    const { getPrisma } = await import("@/lib/db/client");
    await (await getPrisma()).user.update({ where: { id: user.userId }, data: { isActive: false, isVerified: true } });
    const res = await call<ErrorBody>(experiment, "/api/experiment/", undefined, bearer(user.access));
    expect(res.status).toBe(401);
    expect(res.body.code).toBe("user_inactive");
  });

  it("refuses a refresh token used as an access token", async () => {
    const user = await signUp();
    const res = await call<ErrorBody>(experiment, "/api/experiment/", undefined, bearer(user.refresh));
    expect(res.status).toBe(401);
    expect(res.body.code).toBe("token_not_valid");
  });
});

describe("GET /.well-known/jwks.json", () => {
  it("publishes the Ed25519 public key, cacheable, without the private part", async () => {
    const res = await call<{ keys: Record<string, unknown>[] }>(jwks, "/.well-known/jwks.json", undefined, { method: "GET" });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toContain("max-age");
    expect(res.body.keys[0]).toMatchObject({ kty: "OKP", crv: "Ed25519", alg: "EdDSA", use: "sig" });
    expect(res.body.keys[0]).not.toHaveProperty("d");
  });
});
