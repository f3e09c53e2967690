/** The servers the e2e suite starts (see playwright.config.ts) and the lifetimes of the short one. */
export const FAKE_RESEND_URL = "http://127.0.0.1:3901";
export const APP_URL = "http://127.0.0.1:3100";
export const SHORT_URL = "http://127.0.0.1:3101";

/** Seconds. Tests tagged @short run against SHORT_URL, which uses these. */
export const SHORT_LIFETIMES = {
  ACCESS_TOKEN_LIFETIME: 3,
  REFRESH_TOKEN_LIFETIME: 20,
  REFRESH_REUSE_GRACE: 2,
  OTP_LIFETIME: 8,
  OTP_RESEND_COOLDOWN: 3,
} as const;

/** Seconds, the defaults of lib/env.ts, which the normal server keeps. */
export const DEFAULT_LIFETIMES = {
  ACCESS_TOKEN_LIFETIME: 300,
  REFRESH_TOKEN_LIFETIME: 86_400,
  OTP_LIFETIME: 600,
  OTP_RESEND_COOLDOWN: 60,
  OTP_MAX_ATTEMPTS: 5,
} as const;
