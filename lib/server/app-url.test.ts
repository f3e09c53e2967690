import { describe, expect, it } from "vitest";
import { appUrlOf, passkeysOffReason } from "@/lib/server/app-url.mjs";

describe("APP_URL", () => {
  it("defaults to localhost on the server's port", () => {
    expect(appUrlOf({})).toBe("http://localhost:3000");
    expect(appUrlOf({ PORT: "3600" })).toBe("http://localhost:3600");
    expect(appUrlOf({ APP_URL: " https://auth.example.com ", PORT: "3600" })).toBe("https://auth.example.com");
  });

  it("turns passkeys off for an IP-address host (v4 or v6) and says why, and only then", () => {
    for (const url of ["http://127.0.0.1:3000", "https://10.0.0.7", "http://[::1]:3000"]) expect(passkeysOffReason(url), url).toMatch(/IP address/);
    for (const url of ["http://localhost:3000", "https://auth.example.com", "https://xn--bcher-kva.example"]) expect(passkeysOffReason(url), url).toBeNull();
  });
});
