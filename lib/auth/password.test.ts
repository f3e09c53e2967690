import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { checkPasswordPolicy } from "@/lib/auth/password-policy";

describe("password hashing", () => {
  it("hashes with argon2id at OWASP's parameters and verifies", async () => {
    const hash = await hashPassword("correct horse battery staple");
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(hash, "correct horse battery staple")).toBe(true);
    expect(await verifyPassword(hash, "correct horse battery stapler")).toBe(false);
  });

  it("never accepts a missing hash, whatever the password", async () => {
    expect(await verifyPassword(null, "dummy-password-for-timing")).toBe(false);
  });

  it("salts: the same password hashes differently twice", async () => {
    expect(await hashPassword("same password")).not.toBe(await hashPassword("same password"));
  });
});

describe("password policy", () => {
  const context = { email: "alice.smith@example.com", userName: "alice42" };

  it("refuses common, numeric and look-alike passwords", () => {
    expect(checkPasswordPolicy("password1", context)).toContain("This password is too common.");
    expect(checkPasswordPolicy("73829104", context)).toContain("This password is entirely numeric.");
    expect(checkPasswordPolicy("alice42rocks", context)).toContain("The password is too similar to the email or user name.");
    expect(checkPasswordPolicy("xx-alice.smith-xx", context)).toContain("The password is too similar to the email or user name.");
  });

  it("accepts a strong password", () => {
    expect(checkPasswordPolicy("Vq8#mZ2!rTx9", context)).toEqual([]);
  });
});
