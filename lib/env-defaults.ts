/**
 * Default lifetimes and budgets, in seconds or counts. A leaf with no server-only import, so the e2e
 * suite can read the values the normal test server runs with instead of restating them.
 */
export const ENV_DEFAULTS = {
  ACCESS_TOKEN_LIFETIME: 300,
  REFRESH_TOKEN_LIFETIME: 86_400,
  SESSION_MAX_LIFETIME: 2_592_000,
  REFRESH_REUSE_GRACE: 10,
  OTP_LIFETIME: 600,
  OTP_MAX_ATTEMPTS: 5,
  OTP_ACCOUNT_MAX_ATTEMPTS: 20,
  OTP_RESEND_COOLDOWN: 60,
  KEYS_RELOAD_SECONDS: 60,
} as const;
