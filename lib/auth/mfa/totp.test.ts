import { Secret, TOTP } from "otpauth";
import { describe, expect, it } from "vitest";
import { buildTotpUrl, generateTotpSecret, matchTotpStep, renderQrSvg, totpStepAt } from "@/lib/auth/mfa/totp";

// RFC 6238 appendix B's SHA-1 seed, "12345678901234567890", in base32.
const RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
const NOW = Date.UTC(2026, 11, 7, 12, 0, 10);

/** The code an authenticator app shows `steps` time steps away from NOW. */
function codeAt(secret: string, steps: number): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret), algorithm: "SHA1", digits: 6, period: 30, timestamp: NOW + steps * 30_000 });
}

describe("totp", () => {
  it("computes RFC 6238's SHA-1 test vectors (the apps' algorithm)", () => {
    // Appendix B gives 8 digits; the 6-digit code is its last six.
    expect(matchTotpStep(RFC_SECRET, "287082", 59_000)).toBe(1);
    expect(matchTotpStep(RFC_SECRET, "081804", 1_111_111_109_000)).toBe(37_037_036);
    expect(matchTotpStep(RFC_SECRET, "005924", 1_234_567_890_000)).toBe(41_152_263);
  });

  it("accepts the previous, current and next step's codes and says which step matched", () => {
    const secret = generateTotpSecret();
    const step = totpStepAt(NOW);
    expect(matchTotpStep(secret, codeAt(secret, -1), NOW)).toBe(step - 1);
    expect(matchTotpStep(secret, codeAt(secret, 0), NOW)).toBe(step);
    expect(matchTotpStep(secret, codeAt(secret, 1), NOW)).toBe(step + 1);
  });

  it("refuses codes two steps away either side", () => {
    const secret = generateTotpSecret();
    for (const steps of [-2, 2]) {
      const code = codeAt(secret, steps);
      // A code that happens to repeat inside the window (one in 10^5) would not prove anything.
      if ([-1, 0, 1].some((near) => codeAt(secret, near) === code)) continue;
      expect(matchTotpStep(secret, code, NOW)).toBeNull();
    }
  });

  it("refuses anything but six digits, and another secret's code", () => {
    const secret = generateTotpSecret();
    const code = codeAt(secret, 0);
    expect(matchTotpStep(secret, ` ${code}`, NOW)).toBeNull();
    expect(matchTotpStep(secret, code.slice(0, 5), NOW)).toBeNull();
    expect(matchTotpStep(secret, "12345a", NOW)).toBeNull();
    expect(matchTotpStep(generateTotpSecret(), code, NOW)).toBeNull();
  });

  it("generates 160-bit base32 secrets, each different", () => {
    const secrets = Array.from({ length: 50 }, generateTotpSecret);
    expect(new Set(secrets).size).toBe(50);
    for (const secret of secrets) {
      expect(secret).toMatch(/^[A-Z2-7]{32}$/);
      expect(Secret.fromBase32(secret).bytes.length).toBe(20);
    }
  });

  it("names the issuer and the account in the otpauth URL, with the apps' parameters", () => {
    const url = new URL(buildTotpUrl(RFC_SECRET, "Acme Auth", "ada+2fa@example.com"));
    expect(url.protocol).toBe("otpauth:");
    expect(url.host).toBe("totp");
    expect(decodeURIComponent(url.pathname)).toBe("/Acme Auth:ada+2fa@example.com");
    expect(Object.fromEntries(url.searchParams)).toEqual({ issuer: "Acme Auth", secret: RFC_SECRET, algorithm: "SHA1", digits: "6", period: "30" });
  });

  it("draws the QR code as an SVG document", async () => {
    const svg = await renderQrSvg(buildTotpUrl(RFC_SECRET, "Acme", "ada@example.com"));
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain("<path");
    expect(svg).not.toContain(RFC_SECRET);
  });
});
