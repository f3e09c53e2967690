import "server-only";
import { createHmac, randomInt } from "node:crypto";

/**
 * Recovery codes: ten single-use codes shown once, `K7QXM-4TZ9B`. Ten symbols from a 32-letter alphabet
 * without the look-alikes 0/O and 1/I (Crockford's idea) are 50 random bits each, from the CSPRNG. Typed
 * in any case, with or without the dash or spaces. Stored only as an HMAC under the recovery-code key, bound
 * to the account, so the table alone gives nothing to try.
 */
export const RECOVERY_CODE_COUNT = 10;
export const RECOVERY_CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
const GROUP = 5;
const LENGTH = 2 * GROUP;

export function generateRecoveryCode(): string {
  let symbols = "";
  for (let index = 0; index < LENGTH; index++) symbols += RECOVERY_CODE_ALPHABET[randomInt(RECOVERY_CODE_ALPHABET.length)];
  return `${symbols.slice(0, GROUP)}-${symbols.slice(GROUP)}`;
}

/** Ten distinct codes. */
export function generateRecoveryCodes(): string[] {
  const codes = new Set<string>();
  while (codes.size < RECOVERY_CODE_COUNT) codes.add(generateRecoveryCode());
  return [...codes];
}

/** The canonical form (ten upper-case symbols, no dash) of what was typed; null when it cannot be a code. */
export function normalizeRecoveryCode(typed: string): string | null {
  const compact = typed.replace(/[\s-]+/g, "").toUpperCase();
  if (compact.length !== LENGTH) return null;
  for (const symbol of compact) if (!RECOVERY_CODE_ALPHABET.includes(symbol)) return null;
  return compact;
}

/** The stored form of a normalised code. */
export function hashRecoveryCode(key: Buffer, userId: string, normalized: string): string {
  return createHmac("sha256", key).update(`${userId}:${normalized}`).digest("hex");
}
