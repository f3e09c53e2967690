import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loginSchema, refreshSchema, registerSchema, toFieldErrors, verifySchema } from "@/lib/validation/auth";

const valid = { email: "Bob@Example.com", user_name: "bob", password: "Sup3r-secret", password2: "Sup3r-secret" };

describe("registerSchema", () => {
  it("accepts a valid registration and normalises the email", () => {
    const result = registerSchema.parse({ ...valid, email: "  Bob@Example.com " });
    expect(result.email).toBe("Bob@Example.com");
  });

  it("puts each problem next to its field", () => {
    const result = registerSchema.safeParse({ email: "nope", user_name: "", password: "short", password2: "other", extra: 1 });
    expect(result.success).toBe(false);
    const errors = toFieldErrors(result.error!);
    expect(Object.keys(errors).sort()).toEqual(["email", "extra", "password", "password2", "user_name"]);
    expect(errors.extra).toEqual(["Unknown field."]);
  });

  it("reports mismatched passwords on password2", () => {
    const result = registerSchema.safeParse({ ...valid, password2: "Sup3r-secreT" });
    expect(toFieldErrors(result.error!)).toEqual({ password2: ["The two passwords do not match."] });
  });

  it("refuses wrong types and __proto__ keys", () => {
    expect(registerSchema.safeParse({ ...valid, email: 42 }).success).toBe(false);
    expect(registerSchema.safeParse(JSON.parse(`{"email":"a@b.co","user_name":"a","password":"Sup3r-secret","password2":"Sup3r-secret","__proto__":{"x":1}}`)).success).toBe(false);
  });

  it("refuses control and invisible characters in emails", () => {
    expect(loginSchema.safeParse({ email: "a\u0000@b.co", password: "x" }).success).toBe(false);
    expect(loginSchema.safeParse({ email: "a\u200b@b.co", password: "x" }).success).toBe(false);
  });

  it("property: any string field either validates or yields field errors, never throws", () => {
    fc.assert(
      fc.property(fc.record({ email: fc.string(), user_name: fc.string(), password: fc.string(), password2: fc.string() }), (input) => {
        const result = registerSchema.safeParse(input);
        if (!result.success) expect(Object.keys(toFieldErrors(result.error)).length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });

  it("property: codes are accepted exactly when they are 6 digits", () => {
    const digits = (min: number, max: number) => fc.array(fc.constantFrom(..."0123456789"), { minLength: min, maxLength: max }).map((each) => each.join(""));
    const padding = fc.constantFrom("", " ", "\t", " \n");
    // Arbitrary strings are almost never six digits: generate both sides on purpose.
    const codes = fc.oneof(
      fc.tuple(padding, digits(6, 6), padding).map((parts) => parts.join("")),
      digits(0, 12),
      fc
        .tuple(digits(6, 6), fc.integer({ min: 0, max: 5 }), fc.constantFrom("a", "O", "-", "+", ".", " ", "\u0663", "\uff11"))
        .map(([code, at, other]) => code.slice(0, at) + other + code.slice(at + 1)),
      fc.string({ maxLength: 8 }),
    );
    const seen = { accepted: 0, refused: 0 };
    fc.assert(
      fc.property(codes, (otp) => {
        const isAccepted = verifySchema.safeParse({ email: "a@b.co", otp }).success;
        expect(isAccepted, JSON.stringify(otp)).toBe(/^[0-9]{6}$/.test(otp.trim()));
        seen[isAccepted ? "accepted" : "refused"]++;
      }),
      { numRuns: 500 },
    );
    expect(seen.accepted).toBeGreaterThan(50);
    expect(seen.refused).toBeGreaterThan(50);
  });
});

describe("refreshSchema", () => {
  it("tells a missing token from one of the wrong type", () => {
    const errorsOf = (input: unknown) => {
      const result = refreshSchema.safeParse(input);
      return result.success ? null : toFieldErrors(result.error, input);
    };
    expect(errorsOf({})).toEqual({ refresh: ["This field is required."] });
    expect(errorsOf({ refresh: 123 })).toEqual({ refresh: ["Send the token as a string."] });
    expect(errorsOf({ refresh: "" })).toEqual({ refresh: ["This field may not be blank."] });
  });
});
