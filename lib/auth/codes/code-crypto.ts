import "server-only";
import { createHmac, randomInt, timingSafeEqual } from "node:crypto";

/** A 6-digit code from the CSPRNG, uniformly distributed. */
export function generateCode(): string {
  return randomInt(0, 1_000_000).toString().padStart(6, "0");
}

/** Codes are stored only as an HMAC under the server's key, bound to the challenge they belong to. */
export function hashCode(key: Buffer, challengeId: string, code: string): string {
  return createHmac("sha256", key).update(`${challengeId}:${code}`).digest("hex");
}

/** Constant-time comparison of a submitted code against a stored hash. */
export function isCodeMatch(key: Buffer, challengeId: string, code: string, storedHash: string): boolean {
  const expected = Buffer.from(storedHash, "hex");
  const actual = Buffer.from(hashCode(key, challengeId, code), "hex");
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
