import "server-only";
import { errors as joseErrors, jwtVerify, SignJWT, type JWTHeaderParameters } from "jose";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { ACCESS_TOKEN_TYP, JWT_ALGORITHM, REFRESH_TOKEN_TYP } from "@/lib/auth/config";
import { findVerificationKey, getKeys, type ServerKeys } from "@/lib/auth/keys";
import { buildClaims, type TokenClaims, type TokenType } from "@/lib/db/token-claims";

export { buildClaims, type ClaimSource, type TokenClaims, type TokenType } from "@/lib/db/token-claims";

export interface VerifiedToken extends TokenClaims {
  iss: string;
  aud: string | string[];
}

export interface TokenPair {
  access: string;
  refresh: string;
}

const typByType: Record<TokenType, string> = { access: ACCESS_TOKEN_TYP, refresh: REFRESH_TOKEN_TYP };

/** Claims in one fixed key order: stored claims come back from jsonb with their keys reordered. */
function canonicalClaims(claims: TokenClaims): TokenClaims {
  const ordered = buildClaims(claims.token_type, {
    jti: claims.jti,
    sid: claims.sid,
    userId: claims.sub,
    issuedAt: claims.iat,
    expiresAt: claims.exp,
    verified: claims.verified === true,
    aal: claims.aal,
    amr: claims.amr,
    authTime: claims.auth_time,
  });
  ordered.nbf = claims.nbf;
  return ordered;
}

/** Ed25519 signatures are deterministic: the same claims and key always give the same token. */
export async function signToken(claims: TokenClaims): Promise<string> {
  const env = getEnv();
  const keys = await getKeys();
  const header: JWTHeaderParameters = { alg: JWT_ALGORITHM, typ: typByType[claims.token_type], kid: keys.kid };
  return new SignJWT({ ...canonicalClaims(claims) })
    .setProtectedHeader(header)
    .setIssuer(env.JWT_ISSUER)
    .setAudience(env.JWT_AUDIENCE)
    .sign(keys.privateKey);
}

/** At most this many verified access tokens are remembered; past it, the oldest is forgotten. */
const MAX_REMEMBERED = 2_048;

/**
 * Access tokens this process has already verified, for the key set they were verified with. A client
 * sends the same access token with every request until it expires, and checking its Ed25519 signature
 * again cost 0.22-0.28 ms of CPU a request (jose through WebCrypto; a lookup here is under 1 µs). A reload
 * of the keys (a rotation, a retired key that lapsed) starts afresh, and the validity window is checked on
 * every use. Refresh tokens are used once, so there is nothing to remember.
 */
const remembered = new WeakMap<ServerKeys, Map<string, VerifiedToken>>();

function rememberedFor(keys: ServerKeys): Map<string, VerifiedToken> {
  let tokens = remembered.get(keys);
  if (!tokens) remembered.set(keys, (tokens = new Map()));
  return tokens;
}

function remember(tokens: Map<string, VerifiedToken>, token: string, payload: VerifiedToken): void {
  if (tokens.size >= MAX_REMEMBERED) tokens.delete(tokens.keys().next().value!);
  tokens.set(token, Object.freeze(payload));
}

/** jose's own rule, without clock tolerance: valid from `nbf` up to, not including, `exp`. */
function isWithinValidity(payload: VerifiedToken): boolean {
  const now = nowSeconds();
  return payload.nbf <= now && now < payload.exp;
}

/**
 * Accepts only EdDSA tokens of the expected kind (JOSE `typ` and `token_type` both), signed by one of
 * our keys, for our issuer and audience, inside their validity window. Anything else is 401.
 */
export async function verifyToken(token: string, type: TokenType): Promise<VerifiedToken> {
  const env = getEnv();
  const keys = await getKeys();
  const verified = type === "access" ? rememberedFor(keys) : null;
  const known = verified?.get(token);
  if (verified && known) {
    if (isWithinValidity(known)) return { ...known };
    verified.delete(token);
  }
  try {
    // base64url has several spellings of the signature's last bits: only the canonical one is the token.
    const signature = token.slice(token.lastIndexOf(".") + 1);
    if (Buffer.from(signature, "base64url").toString("base64url") !== signature) throw new Error("non-canonical signature");
    const { payload } = await jwtVerify(
      token,
      async (header) => {
        const key = keys.publicKeys.get(header.kid ?? "") ?? (await findVerificationKey(header.kid));
        if (!key) throw new joseErrors.JWKSNoMatchingKey();
        return key;
      },
      {
        algorithms: [JWT_ALGORITHM],
        issuer: env.JWT_ISSUER,
        audience: env.JWT_AUDIENCE,
        typ: typByType[type],
        requiredClaims: ["jti", "sid", "sub", "iat", "exp", "token_type"],
      },
    );
    if (payload.token_type !== type || typeof payload.sid !== "string" || typeof payload.jti !== "string") {
      throw new Error("wrong token kind");
    }
    if (payload.sub !== payload.user_id) throw new Error("inconsistent subject");
    if (verified) remember(verified, token, { ...(payload as unknown as VerifiedToken) });
    return payload as unknown as VerifiedToken;
  } catch {
    throw new AppError("token_not_valid", { detail: "Token is invalid or expired" });
  }
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
