// No vitest here, and types only from lib: the e2e suite (Playwright) imports this module too.
import type { VerifiedToken } from "@/lib/auth/tokens";

export interface JwtHeader {
  alg: string;
  typ: string;
  kid: string;
  [name: string]: unknown;
}

/** The claims the server signs; a test may also plant others. */
export type JwtPayload = VerifiedToken & Record<string, unknown>;

/** Reads a JWT's header and claims without checking the signature: what the test asserts is the content. */
export function decodeJwt(token: string): { header: JwtHeader; payload: JwtPayload } {
  const [header, payload] = token.split(".");
  return {
    header: JSON.parse(Buffer.from(header ?? "", "base64url").toString()) as JwtHeader,
    payload: JSON.parse(Buffer.from(payload ?? "", "base64url").toString()) as JwtPayload,
  };
}
