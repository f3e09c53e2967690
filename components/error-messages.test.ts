import { describe, expect, it } from "vitest";
import { AppError, type ErrorCode } from "@/lib/errors";
import { errorStatus } from "@/lib/http/error-response";
import { describeFailure, describeWait, isSessionEnded } from "./error-messages";

const codes = Object.keys(errorStatus) as ErrorCode[];

describe("describeFailure", () => {
  it("says the page's own sentence for every code the server sends, never the API's detail", () => {
    for (const code of codes) {
      const sentence = describeFailure({ code, retryAfter: null });
      expect(sentence, code).toMatch(/^[A-Z].*\.$/);
      expect(sentence, code).not.toBe(new AppError(code).message);
    }
    expect(describeFailure({ code: "not_authenticated", retryAfter: null })).toBe("Your session has ended. Sign in again to continue.");
  });

  it("says how long to wait when the server said so, and a fallback when it did not", () => {
    expect(describeFailure({ code: "rate_limited", retryAfter: 90 })).toBe("Too many attempts. Try again in about 2 minutes.");
    expect(describeFailure({ code: "otp_cooldown", retryAfter: null }, "a minute")).toBe("A code was sent moments ago. You can ask for another in a minute.");
    expect(describeFailure({ code: "otp_locked", retryAfter: 1 })).toBe("Too many wrong codes for this account. Try again in 1 second.");
  });

  it("falls back to a generic sentence for a code it does not know", () => {
    expect(describeFailure({ code: "brand_new_code", retryAfter: null })).toBe("Something went wrong on our side. Try again in a moment.");
    expect(describeFailure({ code: "toString", retryAfter: null })).toBe("Something went wrong on our side. Try again in a moment.");
  });
});

describe("isSessionEnded", () => {
  it("is true for the refusals that a renewal can cure, and not for a wrong password", () => {
    expect(["not_authenticated", "token_not_valid", "user_inactive"].every(isSessionEnded)).toBe(true);
    expect(isSessionEnded("authentication_failed")).toBe(false);
    expect(isSessionEnded("forbidden")).toBe(false);
  });
});

describe("describeWait", () => {
  it("rounds to what a person reads", () => {
    expect(describeWait(45)).toBe("45 seconds");
    expect(describeWait(3600)).toBe("about 60 minutes");
    expect(describeWait(6 * 3600)).toBe("about 6 hours");
  });
});
