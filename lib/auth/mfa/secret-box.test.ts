import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { deriveMfaKeys } from "@/lib/auth/mfa/mfa-keys";
import { openSecret, sealSecret } from "@/lib/auth/mfa/secret-box";

const key = randomBytes(32);
const SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
const OWNER = "3f0c9a52-6d1e-4a57-9b1a-2a8f0b9d4c11";

/** `sealed` with one character of part `index` changed. */
function tamper(sealed: string, index: number): string {
  const parts = sealed.split(".");
  const part = parts[index]!;
  parts[index] = (part[0] === "A" ? "B" : "A") + part.slice(1);
  return parts.join(".");
}

describe("secret box", () => {
  it("opens what it sealed", () => {
    expect(openSecret(key, sealSecret(key, SECRET, OWNER), OWNER)).toBe(SECRET);
  });

  it("stores a versioned text without the secret, with a fresh 96-bit IV each time", () => {
    const first = sealSecret(key, SECRET, OWNER);
    const second = sealSecret(key, SECRET, OWNER);
    expect(first).toMatch(/^v1\.[\w-]{16}\.[\w-]+\.[\w-]{22}$/);
    expect(first).not.toContain(SECRET);
    expect(first).not.toBe(second);
    expect(first.split(".")[1]).not.toBe(second.split(".")[1]);
  });

  it("detects any change: IV, ciphertext, tag, version", () => {
    const sealed = sealSecret(key, SECRET, OWNER);
    for (const index of [1, 2, 3]) expect(openSecret(key, tamper(sealed, index), OWNER)).toBeNull();
    expect(openSecret(key, sealed.replace(/^v1/, "v2"), OWNER)).toBeNull();
    expect(openSecret(key, sealed.split(".").slice(0, 3).join("."), OWNER)).toBeNull();
    expect(openSecret(key, "", OWNER)).toBeNull();
  });

  it("opens only under its key and for its owner", () => {
    const sealed = sealSecret(key, SECRET, OWNER);
    expect(openSecret(randomBytes(32), sealed, OWNER)).toBeNull();
    expect(openSecret(key, sealed, "another-user")).toBeNull();
  });

  it("derives distinct 256-bit keys per purpose, the same from the same secret", () => {
    const keys = deriveMfaKeys("m".repeat(40));
    expect(keys.secretBoxKey).toHaveLength(32);
    expect(keys.recoveryCodeKey).toHaveLength(32);
    expect(keys.secretBoxKey.equals(keys.recoveryCodeKey)).toBe(false);
    expect(deriveMfaKeys("m".repeat(40)).secretBoxKey.equals(keys.secretBoxKey)).toBe(true);
    expect(deriveMfaKeys("n".repeat(40)).secretBoxKey.equals(keys.secretBoxKey)).toBe(false);
  });
});
