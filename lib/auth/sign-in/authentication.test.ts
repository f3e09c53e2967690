import { describe, expect, it } from "vitest";
import { describeSecondStep } from "@/lib/auth/sign-in/authentication";

describe("the detail of mfa_required", () => {
  it("names only the second factors the account has", () => {
    expect(describeSecondStep(["totp", "recovery_code"])).toBe("Enter a code from your authenticator app (or a recovery code) to finish signing in.");
    expect(describeSecondStep(["passkey", "recovery_code"])).toBe("Confirm with your passkey (or enter a recovery code) to finish signing in.");
    expect(describeSecondStep(["totp", "passkey", "recovery_code"])).toBe(
      "Confirm with your passkey or enter a code from your authenticator app (or a recovery code) to finish signing in.",
    );
    expect(describeSecondStep(["totp"])).toBe("Enter a code from your authenticator app to finish signing in.");
    expect(describeSecondStep(["recovery_code"])).toBe("Enter a recovery code to finish signing in.");
  });
});
