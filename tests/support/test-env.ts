import { resetLimiters } from "@/lib/auth/rate-limit";
import { resetEnv } from "@/lib/env";
import { startFakeResend, type FakeResend } from "./fake-resend";

export const fakeResendKey = "re_test_key_for_the_fake_api";
let fakeResend: FakeResend | undefined;

const baseEnv = {
  NODE_ENV: "test",
  DATABASE_URL: process.env.TEST_DATABASE_URL ?? "pglite:memory",
  RESEND_API_KEY: fakeResendKey,
  EMAIL_FROM: "Auth Tests <auth@example.test>",
  RATE_LIMIT: "off",
  EMAIL_TIMEOUT_MS: "2000",
  // The tests play scripts/server.mjs: they set the socket-address header themselves.
  AUTH_SOCKET_HEADER_TRUSTED: "1",
  // The pages' URL the requests are built with (tests/support/api.ts): passkeys' relying party and origin.
  APP_URL: "http://localhost:3000",
};

/** Restores the default test environment, then applies `overrides` (unset with undefined). */
export function setTestEnv(overrides: Record<string, string | undefined> = {}): void {
  for (const key of ["ACCESS_TOKEN_LIFETIME", "REFRESH_TOKEN_LIFETIME", "SESSION_MAX_LIFETIME", "REFRESH_ROTATION", "REFRESH_REUSE_GRACE", "OTP_LIFETIME", "OTP_MAX_ATTEMPTS", "OTP_ACCOUNT_MAX_ATTEMPTS", "OTP_RESEND_COOLDOWN", "TRUST_PROXY", "MAX_BODY_BYTES", "ACCESS_TOKEN_CHECK", "JWT_PRIVATE_KEY", "JWT_PREVIOUS_PUBLIC_KEYS", "OTP_SECRET", "MFA_ENCRYPTION_KEY", "APP_NAME", "ADMIN_REQUIRE_MFA", "KEYS_RELOAD_SECONDS", "INTROSPECTION_SECRET", "CORS_ORIGINS", "APP_URL", "PORT"]) {
    delete process.env[key];
  }
  Object.assign(process.env, baseEnv, { RESEND_BASE_URL: fakeResend?.url });
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  resetEnv();
  resetLimiters();
}

/** The fake Resend API of this test file, started by the hooks in setup.ts. */
export function getFakeResend(): FakeResend {
  if (!fakeResend) throw new Error("fake Resend API not started");
  return fakeResend;
}

export async function startTestMail(): Promise<void> {
  fakeResend = await startFakeResend({ apiKey: fakeResendKey });
}

export async function stopTestMail(): Promise<void> {
  await fakeResend?.close();
  fakeResend = undefined;
}
