import { generateKeyPairSync, randomUUID } from "node:crypto";
import { SignJWT, UnsecuredJWT, exportJWK } from "jose";
import fc from "fast-check";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { resetEnv } from "@/lib/env";
import type { AppError } from "@/lib/errors";
import { errorStatus } from "@/lib/http/error-response";
import { resetKeys } from "@/lib/auth/keys";
import { buildClaims, nowSeconds, signToken, verifyToken, type TokenClaims } from "@/lib/auth/tokens";

const { privateKey } = generateKeyPairSync("ed25519");
const foreign = generateKeyPairSync("ed25519");

beforeAll(() => {
  process.env.JWT_PRIVATE_KEY = privateKey.export({ format: "pem", type: "pkcs8" }).toString();
  process.env.OTP_SECRET = "o".repeat(40);
  resetEnv();
  resetKeys();
});

function claims(type: "access" | "refresh", patch: Partial<TokenClaims> = {}): TokenClaims {
  const now = nowSeconds();
  return { ...buildClaims(type, { jti: randomUUID(), sid: randomUUID(), userId: randomUUID(), issuedAt: now, expiresAt: now + 300, verified: true, aal: 1, amr: ["pwd"], authTime: now }), ...patch };
}

async function kidOf(token: string): Promise<string> {
  return JSON.parse(Buffer.from(token.split(".")[0]!, "base64url").toString()).kid;
}

describe("token codec", () => {
  it("round-trips claims with EdDSA, kid and typ", async () => {
    const input = claims("access");
    const token = await signToken(input);
    const header = JSON.parse(Buffer.from(token.split(".")[0]!, "base64url").toString());
    expect(header).toMatchObject({ alg: "EdDSA", typ: "at+jwt" });
    expect(await verifyToken(token, "access")).toMatchObject({ ...input, iss: "next-jwt-auth", aud: "next-jwt-auth" });
  });

  it("re-signing the same claims gives the identical token", async () => {
    const input = claims("refresh");
    expect(await signToken(input)).toBe(await signToken(input));
  });

  it("never accepts one kind as the other", async () => {
    await expect(verifyToken(await signToken(claims("refresh")), "access")).rejects.toMatchObject({ code: "token_not_valid" });
    await expect(verifyToken(await signToken(claims("access")), "refresh")).rejects.toMatchObject({ code: "token_not_valid" });
  });

  it("property: any tampering with a byte of the token is refused", async () => {
    const token = await signToken(claims("access"));
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: token.length - 1 }), fc.constantFrom(..."ABCxyz012-_."), async (index, char) => {
        fc.pre(token[index] !== char);
        const tampered = token.slice(0, index) + char + token.slice(index + 1);
        await expect(verifyToken(tampered, "access")).rejects.toMatchObject({ code: "token_not_valid" });
      }),
      { numRuns: 200 },
    );
  });
});

describe("JWT attacks are all 401", () => {
  const attacks: [string, () => Promise<string>][] = [
    ["alg none", async () => new UnsecuredJWT({ ...claims("access") }).setIssuer("next-jwt-auth").setAudience("next-jwt-auth").encode()],
    [
      "HS256 signed with the public key",
      async () => {
        const publicJwk = await exportJWK(privateKey);
        const secret = new TextEncoder().encode(JSON.stringify({ crv: publicJwk.crv, kty: publicJwk.kty, x: publicJwk.x }));
        return new SignJWT({ ...claims("access") }).setProtectedHeader({ alg: "HS256", typ: "at+jwt", kid: await kidOf(await signToken(claims("access"))) }).setIssuer("next-jwt-auth").setAudience("next-jwt-auth").sign(secret);
      },
    ],
    [
      "a foreign Ed25519 key with our kid",
      async () => new SignJWT({ ...claims("access") }).setProtectedHeader({ alg: "EdDSA", typ: "at+jwt", kid: await kidOf(await signToken(claims("access"))) }).setIssuer("next-jwt-auth").setAudience("next-jwt-auth").sign(foreign.privateKey),
    ],
    [
      "an attacker's key embedded in the jwk header",
      async () => {
        const jwk = await exportJWK(foreign.publicKey);
        return new SignJWT({ ...claims("access") }).setProtectedHeader({ alg: "EdDSA", typ: "at+jwt", jwk }).setIssuer("next-jwt-auth").setAudience("next-jwt-auth").sign(foreign.privateKey);
      },
    ],
    ["an unknown kid", async () => new SignJWT({ ...claims("access") }).setProtectedHeader({ alg: "EdDSA", typ: "at+jwt", kid: "unknown" }).setIssuer("next-jwt-auth").setAudience("next-jwt-auth").sign(privateKey)],
    ["a wrong issuer", async () => new SignJWT({ ...claims("access") }).setProtectedHeader({ alg: "EdDSA", typ: "at+jwt", kid: await kidOf(await signToken(claims("access"))) }).setIssuer("evil").setAudience("next-jwt-auth").sign(privateKey)],
    ["a wrong audience", async () => new SignJWT({ ...claims("access") }).setProtectedHeader({ alg: "EdDSA", typ: "at+jwt", kid: await kidOf(await signToken(claims("access"))) }).setIssuer("next-jwt-auth").setAudience("other-app").sign(privateKey)],
    ["a wrong typ", async () => new SignJWT({ ...claims("access") }).setProtectedHeader({ alg: "EdDSA", typ: "JWT", kid: await kidOf(await signToken(claims("access"))) }).setIssuer("next-jwt-auth").setAudience("next-jwt-auth").sign(privateKey)],
    ["an expired token", async () => signToken(claims("access", { iat: nowSeconds() - 600, nbf: nowSeconds() - 600, exp: nowSeconds() - 300 }))],
    ["a not-yet-valid token", async () => signToken(claims("access", { iat: nowSeconds() + 600, nbf: nowSeconds() + 600, exp: nowSeconds() + 900 }))],
    [
      "a tampered payload",
      async () => {
        const [header, , signature] = (await signToken(claims("access", { verified: false }))).split(".");
        const payload = Buffer.from(JSON.stringify({ ...claims("access"), verified: true })).toString("base64url");
        return `${header}.${payload}.${signature}`;
      },
    ],
    ["a truncated token", async () => (await signToken(claims("access"))).slice(0, -10)],
    ["a refresh token", async () => signToken(claims("refresh"))],
    ["an empty string", async () => ""],
  ];

  it.each(attacks)("%s", async (_name, make) => {
    const error: unknown = await verifyToken(await make(), "access").catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "token_not_valid" });
    expect(errorStatus[(error as AppError).code]).toBe(401);
  });
});

describe("verified tokens are remembered, never beyond what verifying again would accept", () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it("checks a token's signature once, not on every request", async () => {
    const token = await signToken(claims("access"));
    const verify = vi.spyOn(crypto.subtle, "verify");
    await verifyToken(token, "access");
    await verifyToken(token, "access");
    expect(await verifyToken(token, "access")).toMatchObject({ token_type: "access" });
    expect(verify).toHaveBeenCalledTimes(1);
  });

  it("refuses a remembered token once it expires", async () => {
    const token = await signToken(claims("access", { exp: nowSeconds() + 60 }));
    await verifyToken(token, "access");
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 61_000 });
    await expect(verifyToken(token, "access")).rejects.toMatchObject({ code: "token_not_valid" });
  });

  it("refuses a remembered access token as a refresh token", async () => {
    const token = await signToken(claims("access"));
    await verifyToken(token, "access");
    await expect(verifyToken(token, "refresh")).rejects.toMatchObject({ code: "token_not_valid" });
  });

  it("forgets what it verified when the keys change", async () => {
    const token = await signToken(claims("access"));
    await verifyToken(token, "access");
    process.env.JWT_PRIVATE_KEY = foreign.privateKey.export({ format: "pem", type: "pkcs8" }).toString();
    resetEnv();
    resetKeys();
    try {
      await expect(verifyToken(token, "access")).rejects.toMatchObject({ code: "token_not_valid" });
    } finally {
      process.env.JWT_PRIVATE_KEY = privateKey.export({ format: "pem", type: "pkcs8" }).toString();
      resetEnv();
      resetKeys();
    }
  });
});
