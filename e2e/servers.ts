import { ENV_DEFAULTS } from "../lib/env-defaults";

/**
 * The servers the e2e suite starts (see playwright.config.ts) and the lifetimes of the short one.
 * E2E_PORT_OFFSET shifts all three ports, so two checkouts can run the suite side by side.
 */
const offset = Number(process.env.E2E_PORT_OFFSET ?? 0);
export const FAKE_RESEND_PORT = 3901 + offset;
export const APP_PORT = 3100 + offset;
export const SHORT_PORT = 3101 + offset;
export const FAKE_RESEND_URL = `http://127.0.0.1:${FAKE_RESEND_PORT}`;
export const APP_URL = `http://127.0.0.1:${APP_PORT}`;
export const SHORT_URL = `http://127.0.0.1:${SHORT_PORT}`;

/** Seconds. Tests tagged @short run against SHORT_URL, which uses these. */
export const SHORT_LIFETIMES = {
  ACCESS_TOKEN_LIFETIME: 3,
  REFRESH_TOKEN_LIFETIME: 20,
  REFRESH_REUSE_GRACE: 2,
  OTP_LIFETIME: 8,
  OTP_RESEND_COOLDOWN: 3,
} as const;

/** Seconds and counts: the defaults of lib/env.ts, which the normal server keeps. */
export const DEFAULT_LIFETIMES = ENV_DEFAULTS;
