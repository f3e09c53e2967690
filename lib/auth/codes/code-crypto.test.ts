import { describe, expect, it } from "vitest";
import { generateCode, hashCode, isCodeMatch } from "@/lib/auth/codes/code-crypto";

const key = Buffer.from("k".repeat(32));

describe("otp", () => {
  it("generates 6-digit codes covering the whole range", () => {
    const codes = Array.from({ length: 2000 }, generateCode);
    expect(codes.every((code) => /^\d{6}$/.test(code))).toBe(true);
    expect(new Set(codes).size).toBeGreaterThan(1990);
    expect(codes.some((code) => code.startsWith("0"))).toBe(true);
  });

  it("stores a keyed hash, never the code", () => {
    const hash = hashCode(key, "challenge-1", "123456");
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain("123456");
    expect(hashCode(Buffer.from("other-key-other-key-other-key-xx"), "challenge-1", "123456")).not.toBe(hash);
    expect(hashCode(key, "challenge-2", "123456")).not.toBe(hash);
  });

  it("matches only the right code for the right challenge", () => {
    const hash = hashCode(key, "c", "000123");
    expect(isCodeMatch(key, "c", "000123", hash)).toBe(true);
    expect(isCodeMatch(key, "c", "000124", hash)).toBe(false);
    expect(isCodeMatch(key, "d", "000123", hash)).toBe(false);
    expect(isCodeMatch(key, "c", "000123", "abcd")).toBe(false);
  });
});
