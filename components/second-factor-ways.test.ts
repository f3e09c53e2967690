import { describe, expect, it } from "vitest";
import { secondFactorMethodsOf } from "@/lib/auth/sign-in/authentication";
import { offeredWays } from "./second-factor-ways";

/** Every account the server can describe: which factors it has. */
const ACCOUNTS = [true, false].flatMap((hasTotp) => [true, false].flatMap((hasPasskey) => [true, false].map((hasRecoveryCodes) => ({ hasTotp, hasPasskey, hasRecoveryCodes }))));

describe("offeredWays", () => {
  it.each(ACCOUNTS)("follows the server's methods for %o", (factors) => {
    // The names the server sends (mfa_required's and step_up_required's methods), not a copy of them.
    const ways = offeredWays(secondFactorMethodsOf(factors), true);
    expect(ways[0] === "passkey").toBe(factors.hasPasskey);
    expect(ways.includes("code")).toBe(factors.hasTotp);
    expect(ways.includes("recovery_code")).toBe(factors.hasRecoveryCodes && (factors.hasTotp || factors.hasPasskey));
  });

  it("offers no passkey where the page cannot use one, and keeps the recovery codes", () => {
    expect(offeredWays(["passkey", "recovery_code"], false)).toEqual(["recovery_code"]);
    expect(offeredWays(["totp", "passkey", "recovery_code"], false)).toEqual(["code", "recovery_code"]);
  });

  it("leads with the passkey, then the app, then a recovery code", () => {
    expect(offeredWays(["totp", "passkey", "recovery_code"], true)).toEqual(["passkey", "code", "recovery_code"]);
    expect(offeredWays(["passkey", "recovery_code"], true)).toEqual(["passkey", "recovery_code"]);
    expect(offeredWays(["recovery_code"], true)).toEqual(["recovery_code"]);
  });
});
