import { describe, expect, it } from "vitest";
import { loginSchema, toFieldErrors } from "@/lib/validation/auth";
import { passkeyLoginSchema, secondFactorProofSchema, toSecondFactorProof, totpConfirmSchema, totpRemoveSchema } from "@/lib/validation/mfa";

describe("second-factor schemas", () => {
  it("takes six digits, trimmed, and says what is wanted otherwise", () => {
    expect(totpConfirmSchema.parse({ code: " 012345 " })).toEqual({ code: "012345" });
    for (const code of ["12345", "1234567", "12 345", "abcdef", 123456]) {
      const result = totpConfirmSchema.safeParse({ code });
      expect(toFieldErrors(result.error!, { code })).toEqual({ code: ["Enter the 6-digit code from your authenticator app."] });
    }
  });

  it("wants exactly one proof: a code or a recovery code", () => {
    expect(toSecondFactorProof(secondFactorProofSchema.parse({ code: "123456" }))).toEqual({ code: "123456" });
    expect(toSecondFactorProof(secondFactorProofSchema.parse({ recovery_code: " k7qxm-4tz9b " }))).toEqual({ recovery_code: "k7qxm-4tz9b" });
    const neither = totpRemoveSchema.safeParse({ password: "pw" });
    expect(toFieldErrors(neither.error!, { password: "pw" })).toEqual({ non_field_errors: ["Enter the 6-digit code from your authenticator app, or one of your recovery codes."] });
    const both = secondFactorProofSchema.safeParse({ code: "123456", recovery_code: "K7QXM-4TZ9B" });
    expect(toFieldErrors(both.error!)).toEqual({ non_field_errors: ["Give either the code from your authenticator app or a recovery code, not both."] });
    expect(secondFactorProofSchema.safeParse({ code: "123456", extra: 1 }).success).toBe(false);
  });

  it("says a device token of the wrong type is not one, in words, on login and on a passkey sign-in", () => {
    const login = { email: "a@example.test", password: "pw", device_token: 123 };
    expect(toFieldErrors(loginSchema.safeParse(login).error!, login)).toEqual({ device_token: ["Not a device token."] });
    const passkey = { passkey: {}, device_token: 123 };
    expect(toFieldErrors(passkeyLoginSchema.safeParse(passkey).error!, passkey).device_token).toEqual(["Not a device token."]);
    const remembered = { email: "a@example.test", password: "pw", trusted_browser_token: false };
    expect(toFieldErrors(loginSchema.safeParse(remembered).error!, remembered)).toEqual({ trusted_browser_token: ["Not a remembered-browser token."] });
  });
});
