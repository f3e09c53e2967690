import { describe, expect, it } from "vitest";
import { toFieldErrors } from "@/lib/validation/auth";
import { secondFactorProofSchema, toSecondFactorProof, totpConfirmSchema, totpRemoveSchema } from "@/lib/validation/mfa";

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
});
