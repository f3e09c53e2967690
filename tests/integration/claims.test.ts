import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { POST as refresh } from "@/app/api/refresh/route";
import { completeSignIn } from "@/lib/auth/sign-in/complete";
import type { AuthMethod } from "@/lib/auth/sign-in/authentication";
import { buildClaims, nowSeconds } from "@/lib/auth/tokens";
import { rotateRefreshTokenAtomically } from "@/lib/db/refresh-tokens";
import { findSessionWithUser } from "@/lib/db/sessions";
import { getEnv } from "@/lib/env";
import { call, decodeJwt, signUp, signUpVerified, type TokenBody } from "../support";

const meta = { ip: "127.0.0.1", userAgent: "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0" };

/** A session of each kind the completion opens, for a fresh account: how it was authenticated. */
const kinds: { name: string; methods: AuthMethod[]; aal: 1 | 2; verified: boolean }[] = [
  { name: "a password, unverified email", methods: ["pwd"], aal: 1, verified: false },
  { name: "a password, verified email", methods: ["pwd"], aal: 1, verified: true },
  { name: "a password and an authenticator code", methods: ["pwd", "otp"], aal: 2, verified: true },
  { name: "a password and a recovery code", methods: ["pwd", "rcode"], aal: 2, verified: true },
  { name: "a password in a remembered browser", methods: ["pwd", "rbrowser"], aal: 1, verified: true },
  { name: "a passkey with user verification", methods: ["hwk", "user"], aal: 2, verified: true },
];

async function openSessionOfKind(kind: (typeof kinds)[number]) {
  const user = kind.verified ? await signUpVerified() : await signUp();
  const at = new Date(Date.now() - 5_000);
  const authentication = {
    user: { id: user.userId, email: user.email, isVerified: kind.verified, isStaff: false, credentialsVersion: 0, secondFactors: [] },
    methods: kind.methods,
    at,
  };
  const outcome = await completeSignIn(authentication, { meta, kind: "sign_in", event: "login_succeeded" });
  if (outcome.status !== "signed_in") throw new Error("the completion asked for a second factor");
  return { user, outcome, at };
}

describe("token claims: one definition, built in TypeScript (sign-in) and in SQL (rotation)", () => {
  it.each(kinds)("the rotation's SQL builds exactly the claims TypeScript builds, for $name", async (kind) => {
    const { user, outcome, at } = await openSessionOfKind(kind);
    const signedIn = decodeJwt(outcome.pair.access).payload;
    expect(signedIn).toMatchObject({ aal: kind.aal, amr: kind.methods, auth_time: Math.floor(at.getTime() / 1000), verified: kind.verified });

    const env = getEnv();
    const input = {
      parentJti: decodeJwt(outcome.pair.refresh).payload.jti as string,
      sessionId: outcome.sessionId,
      userId: user.userId,
      issuedAt: nowSeconds(),
      accessJti: randomUUID(),
      refreshJti: randomUUID(),
      accessLifetime: env.ACCESS_TOKEN_LIFETIME,
      refreshLifetime: env.REFRESH_TOKEN_LIFETIME,
    };
    const fromSql = await rotateRefreshTokenAtomically(input);
    const session = (await findSessionWithUser(outcome.sessionId))!;
    const end = Math.floor(session.expiresAt.getTime() / 1000);
    const source = {
      sid: input.sessionId,
      userId: input.userId,
      issuedAt: input.issuedAt,
      verified: kind.verified,
      aal: session.aal,
      amr: session.amr,
      authTime: Math.floor(session.authTime.getTime() / 1000),
    };
    expect(fromSql).toEqual({
      access: buildClaims("access", { ...source, jti: input.accessJti, expiresAt: Math.min(input.issuedAt + input.accessLifetime, end) }),
      refresh: buildClaims("refresh", { ...source, jti: input.refreshJti, expiresAt: Math.min(input.issuedAt + input.refreshLifetime, end) }),
    });
    // Every claim but the token's own identity, times, issuer and audience is what the sign-in itself signed.
    const { jti: _jti, iat: _iat, nbf: _nbf, exp: _exp, iss: _iss, aud: _aud, ...stable } = signedIn;
    expect(fromSql!.access).toMatchObject(stable);
  });

  it("a refresh through the API keeps the session's assurance in both new tokens", async () => {
    const { outcome } = await openSessionOfKind(kinds[2]!);
    const next = await call<TokenBody>(refresh, "/api/refresh/", { refresh: outcome.pair.refresh });
    expect(next.status).toBe(200);
    for (const token of [next.body.access, next.body.refresh]) {
      expect(decodeJwt(token).payload).toMatchObject({ aal: 2, amr: ["pwd", "otp"] });
    }
  });
});
