import { describe, expect, it } from "vitest";
import { generateRecoveryCode, generateRecoveryCodes, hashRecoveryCode, normalizeRecoveryCode, RECOVERY_CODE_ALPHABET } from "@/lib/auth/mfa/recovery-codes";

const key = Buffer.from("r".repeat(32));
const USER = "3f0c9a52-6d1e-4a57-9b1a-2a8f0b9d4c11";

describe("recovery codes", () => {
  it("are ten distinct codes in two groups of five", () => {
    const codes = generateRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[2-9A-HJ-NP-Z]{5}-[2-9A-HJ-NP-Z]{5}$/);
  });

  it("carry at least 50 bits: ten symbols from 32 without look-alikes, all of them used", () => {
    expect(new Set(RECOVERY_CODE_ALPHABET).size).toBe(32);
    expect(10 * Math.log2(RECOVERY_CODE_ALPHABET.length)).toBeGreaterThanOrEqual(50);
    for (const lookAlike of "01OI") expect(RECOVERY_CODE_ALPHABET).not.toContain(lookAlike);
    const seen = new Set(Array.from({ length: 400 }, generateRecoveryCode).join("").replace(/-/g, ""));
    expect(seen.size).toBe(32);
  });

  it("are read in any case, with or without the dash or spaces", () => {
    expect(normalizeRecoveryCode("K7QXM-4TZ9B")).toBe("K7QXM4TZ9B");
    expect(normalizeRecoveryCode("k7qxm-4tz9b")).toBe("K7QXM4TZ9B");
    expect(normalizeRecoveryCode("k7qxm4tz9b")).toBe("K7QXM4TZ9B");
    expect(normalizeRecoveryCode(" K7QXM 4TZ9B ")).toBe("K7QXM4TZ9B");
  });

  it("refuses what cannot be a code", () => {
    for (const typed of ["", "K7QXM-4TZ9", "K7QXM-4TZ9BB", "K7QXM-4TZ0B", "K7QXM-4TZ1B", "K7QXM_4TZ9B", "123456"]) {
      expect(normalizeRecoveryCode(typed), typed).toBeNull();
    }
  });

  it("are stored as a keyed hash bound to the account", () => {
    const hash = hashRecoveryCode(key, USER, "K7QXM4TZ9B");
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain("K7QXM");
    expect(hashRecoveryCode(Buffer.from("s".repeat(32)), USER, "K7QXM4TZ9B")).not.toBe(hash);
    expect(hashRecoveryCode(key, "another-user", "K7QXM4TZ9B")).not.toBe(hash);
  });
});
