import "server-only";
import { randomUUID } from "node:crypto";
import type { NewRefreshToken } from "@/lib/db/refresh-tokens";
import { getEnv } from "@/lib/env";
import type { Assurance } from "@/lib/auth/sign-in/authentication";
import { buildClaims, nowSeconds, signToken, type TokenClaims, type TokenPair } from "@/lib/auth/tokens";

export interface SuccessorClaims {
  access: TokenClaims;
  refresh: TokenClaims;
}

export interface PlannedPair {
  claims: SuccessorClaims;
  row: NewRefreshToken;
}

/** The session a pair is planned in: its id, absolute expiry and how it was authenticated. */
export interface PairSession {
  id: string;
  expiresAt: Date;
  assurance: Assurance;
}

/** Claims for a new pair inside a session; no token outlives the session's absolute expiry. */
export function planPair(session: PairSession, user: { id: string; isVerified: boolean }): PlannedPair {
  const env = getEnv();
  const now = nowSeconds();
  const sessionEnd = Math.floor(session.expiresAt.getTime() / 1000);
  const refreshExp = Math.min(now + env.REFRESH_TOKEN_LIFETIME, sessionEnd);
  const accessExp = Math.min(now + env.ACCESS_TOKEN_LIFETIME, sessionEnd);
  const { aal, amr, authTime } = session.assurance;
  const base = { sid: session.id, userId: user.id, issuedAt: now, verified: user.isVerified, aal, amr, authTime: Math.floor(authTime.getTime() / 1000) };
  const refresh = buildClaims("refresh", { ...base, jti: randomUUID(), expiresAt: refreshExp });
  const access = buildClaims("access", { ...base, jti: randomUUID(), expiresAt: accessExp });
  return {
    claims: { access, refresh },
    row: { jti: refresh.jti, issuedAt: new Date(now * 1000), expiresAt: new Date(refreshExp * 1000) },
  };
}

export async function signPair(claims: SuccessorClaims): Promise<TokenPair> {
  const [access, refresh] = await Promise.all([signToken(claims.access), signToken(claims.refresh)]);
  return { access, refresh };
}

export function isSuccessorClaims(value: unknown): value is SuccessorClaims {
  return typeof value === "object" && value !== null && "access" in value && "refresh" in value;
}
