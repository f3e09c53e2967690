import { afterEach, describe, expect, it } from "vitest";
import { resetEnv } from "@/lib/env";
import { getClientIp } from "@/lib/http/client-address";

function withEnv(values: Record<string, string | undefined>): void {
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  resetEnv();
}

afterEach(() => withEnv({ TRUST_PROXY: undefined, AUTH_SOCKET_HEADER_TRUSTED: undefined }));

const headers = (values: Record<string, string>) => new Headers(values);

describe("getClientIp", () => {
  it("uses the socket address written by our server, ignoring a forged X-Forwarded-For", () => {
    withEnv({ AUTH_SOCKET_HEADER_TRUSTED: "1" });
    expect(getClientIp(headers({ "x-auth-socket-address": "192.0.2.10", "x-forwarded-for": "203.0.113.9" }))).toBe("192.0.2.10");
  });

  it("believes no socket header when our server entry did not write it", () => {
    withEnv({ AUTH_SOCKET_HEADER_TRUSTED: undefined });
    expect(getClientIp(headers({ "x-auth-socket-address": "192.0.2.10" }))).toBeNull();
  });

  it("with TRUST_PROXY=n takes the n-th address from the right of X-Forwarded-For", () => {
    withEnv({ AUTH_SOCKET_HEADER_TRUSTED: "1", TRUST_PROXY: "1" });
    expect(getClientIp(headers({ "x-auth-socket-address": "10.0.0.2", "x-forwarded-for": "6.6.6.6, 198.51.100.7" }))).toBe("198.51.100.7");
    withEnv({ TRUST_PROXY: "2" });
    expect(getClientIp(headers({ "x-auth-socket-address": "10.0.0.2", "x-forwarded-for": "6.6.6.6, 198.51.100.7, 10.0.0.1" }))).toBe("198.51.100.7");
  });

  it("falls back to the socket when the forwarded value is not an address", () => {
    withEnv({ AUTH_SOCKET_HEADER_TRUSTED: "1", TRUST_PROXY: "1" });
    expect(getClientIp(headers({ "x-auth-socket-address": "10.0.0.2", "x-forwarded-for": "not-an-ip" }))).toBe("10.0.0.2");
  });
});
