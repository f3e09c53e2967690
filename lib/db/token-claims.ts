// The claims of our tokens, defined once: `buildClaims` makes them in TypeScript (sign-in, renewal) and
// `claimsSql` makes the same object in SQL (rotation, where they are read from the session row in the
// statement that rotates). tests/integration/claims.test.ts proves the two equal for every kind of session.
import { Prisma } from "@/lib/generated/prisma/client";

export type TokenType = "access" | "refresh";

/** What a token's claims are made of. `authTime` and the times are seconds since the epoch. */
export interface ClaimSource {
  jti: string;
  sid: string;
  userId: string;
  issuedAt: number;
  expiresAt: number;
  verified: boolean;
  aal: number;
  amr: string[];
  authTime: number;
}

/** The claims we sign, in a fixed order so that re-signing them yields the identical token. */
export interface TokenClaims {
  token_type: TokenType;
  jti: string;
  sid: string;
  sub: string;
  user_id: string;
  iat: number;
  nbf: number;
  exp: number;
  auth_time: number;
  aal: number;
  amr: string[];
  verified?: boolean;
}

type ClaimName = Exclude<keyof TokenClaims, "token_type">;

/** Every claim after `token_type`, in signing order: where its value comes from, and which tokens carry it. */
const CLAIMS: readonly { name: ClaimName; from: keyof ClaimSource; only?: TokenType }[] = [
  { name: "jti", from: "jti" },
  { name: "sid", from: "sid" },
  { name: "sub", from: "userId" },
  { name: "user_id", from: "userId" },
  { name: "iat", from: "issuedAt" },
  { name: "nbf", from: "issuedAt" },
  { name: "exp", from: "expiresAt" },
  { name: "auth_time", from: "authTime" },
  { name: "aal", from: "aal" },
  { name: "amr", from: "amr" },
  { name: "verified", from: "verified", only: "access" },
];

function claimsOf(type: TokenType) {
  return CLAIMS.filter((claim) => claim.only === undefined || claim.only === type);
}

export function buildClaims(type: TokenType, source: ClaimSource): TokenClaims {
  const claims: Record<string, unknown> = { token_type: type };
  for (const claim of claimsOf(type)) {
    const value = source[claim.from];
    claims[claim.name] = Array.isArray(value) ? [...value] : value;
  }
  return claims as unknown as TokenClaims;
}

/** The same claims as a jsonb expression, each source given as SQL (columns of the statement it is part of). */
export function claimsSql(type: TokenType, source: Record<keyof ClaimSource, Prisma.Sql>): Prisma.Sql {
  const pairs = claimsOf(type).map((claim) => Prisma.sql`${Prisma.raw(`'${claim.name}'`)}, ${source[claim.from]}`);
  return Prisma.sql`jsonb_build_object('token_type', ${Prisma.raw(`'${type}'`)}, ${Prisma.join(pairs)})`;
}
