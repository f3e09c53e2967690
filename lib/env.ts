import "server-only";
import { z } from "zod";
import { ENV_DEFAULTS } from "@/lib/env-defaults";

const seconds = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /** Unset: embedded PGlite under .data/. `pglite:memory`, `pglite:<dir>` or `postgres://...`. */
  DATABASE_URL: z.string().trim().min(1).optional(),
  DATA_DIR: z.string().default(".data"),
  JWT_ISSUER: z.string().min(1).default("next-jwt-auth"),
  JWT_AUDIENCE: z.string().min(1).default("next-jwt-auth"),
  /** Ed25519 private key, PKCS#8 PEM. Unset: generated once and stored with the data. */
  JWT_PRIVATE_KEY: z.string().min(1).optional(),
  /** Extra public keys (JSON array of JWKs) still accepted during a key rollover. */
  JWT_PREVIOUS_PUBLIC_KEYS: z.string().min(1).optional(),
  /** Secret for the OTP HMAC, at least 32 characters. Unset: generated and stored like the signing key. */
  OTP_SECRET: z.string().min(32).optional(),
  /**
   * Key that second factors' secrets (the authenticator app's) are encrypted under, at least 32 characters.
   * Unset: generated and stored like the signing key. Losing it turns every enrolled authenticator app off.
   */
  MFA_ENCRYPTION_KEY: z.string().min(32).optional(),
  /**
   * The name authenticator apps show beside the account (the otpauth URL's issuer) and browsers beside a
   * passkey; by default the name the pages carry.
   */
  APP_NAME: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .refine((value) => !value.includes(":"), { error: "must not contain a colon (authenticator apps read it as the account separator)" })
    .default("Keystone Auth"),
  /**
   * The public URL of the pages (scheme, host, port). Passkeys belong to its host name (the relying-party ID)
   * and are accepted only from its origin. Unset: http://localhost:$PORT. An IP-address host turns passkeys off.
   */
  APP_URL: z
    .string()
    .trim()
    .refine((value) => URL.canParse(value) && ["http:", "https:"].includes(new URL(value).protocol), { error: "must be an http:// or https:// URL such as https://auth.example.com" })
    .optional(),
  /** The port `npm start` listens on; only the default of APP_URL reads it here. */
  PORT: z.string().trim().optional(),
  /**
   * Whether staff need a session at two factors (aal 2) for the admin pages and `/api/admin/`. `false` admits
   * a password-only session, for a deployment that has not enrolled its operators yet.
   */
  ADMIN_REQUIRE_MFA: z
    .enum(["true", "false"])
    .default("true")
    .transform((value) => value === "true"),
  ACCESS_TOKEN_LIFETIME: seconds(ENV_DEFAULTS.ACCESS_TOKEN_LIFETIME),
  REFRESH_TOKEN_LIFETIME: seconds(ENV_DEFAULTS.REFRESH_TOKEN_LIFETIME),
  SESSION_MAX_LIFETIME: seconds(ENV_DEFAULTS.SESSION_MAX_LIFETIME),
  REFRESH_ROTATION: z.enum(["rotate-blacklist", "rotate", "off"]).default("rotate-blacklist"),
  REFRESH_REUSE_GRACE: z.coerce.number().int().min(0).default(ENV_DEFAULTS.REFRESH_REUSE_GRACE),
  OTP_LIFETIME: seconds(ENV_DEFAULTS.OTP_LIFETIME),
  OTP_MAX_ATTEMPTS: seconds(ENV_DEFAULTS.OTP_MAX_ATTEMPTS),
  /** Wrong codes one account may enter per day, across resends. */
  OTP_ACCOUNT_MAX_ATTEMPTS: seconds(ENV_DEFAULTS.OTP_ACCOUNT_MAX_ATTEMPTS),
  OTP_RESEND_COOLDOWN: z.coerce.number().int().min(0).default(ENV_DEFAULTS.OTP_RESEND_COOLDOWN),
  RESEND_API_KEY: z.string().min(1).optional(),
  EMAIL_FROM: z.string().min(3).default("Keystone Auth <onboarding@resend.dev>"),
  EMAIL_TIMEOUT_MS: seconds(10_000),
  RATE_LIMIT: z.enum(["on", "off"]).default("on"),
  /** How many reverse proxies in front of the app append to X-Forwarded-For. 0: use the socket address. */
  TRUST_PROXY: z.coerce.number().int().min(0).default(0),
  MAX_BODY_BYTES: seconds(16_384),
  /**
   * How protected endpoints check an access token. `session`: also that its session lives and its user is
   * active (from the in-memory revocation view, else the database), so logout takes effect at once.
   * `stateless`: signature and claims only, valid until `exp` even after logout.
   */
  ACCESS_TOKEN_CHECK: z.enum(["session", "stateless"]).default("session"),
  /** Server processes for `npm start` (scripts/server.mjs). Unset: one per core on PostgreSQL; always 1 on PGlite. */
  WEB_CONCURRENCY: z.coerce.number().int().positive().optional(),
  /** Background flush of expired sessions/challenges in this process. scripts/server.mjs turns it off in all workers but one. */
  HOUSEKEEPING: z.enum(["on", "off"]).default("on"),
  /** Bearer token of `GET /api/metrics`. Unset: the endpoint answers 404. */
  METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  /** Request and error lines (lib/observability/log.mjs): `json` (one JSON object a line) or `pretty` (for a terminal). */
  LOG_FORMAT: z.enum(["json", "pretty"]).default("json"),
  LOG_LEVEL: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info"),
  /** How often (seconds) each process re-reads the stored signing keys, so a `npm run keys:rotate` reaches it without a restart. */
  KEYS_RELOAD_SECONDS: seconds(ENV_DEFAULTS.KEYS_RELOAD_SECONDS),
  /** Shared secret of `POST /api/introspect/` (`Authorization: Bearer <secret>`). Unset: the endpoint answers 404. */
  INTROSPECTION_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  /** Origins (comma-separated, e.g. `https://app.example.com`) whose Bearer requests get CORS headers. */
  CORS_ORIGINS: z
    .string()
    .default("")
    .transform((value, context) => {
      const origins = value.split(",").map((item) => item.trim()).filter(Boolean);
      for (const origin of origins) {
        if (!URL.canParse(origin) || new URL(origin).origin !== origin) {
          context.addIssue({ code: "custom", message: `"${origin}" is not an origin such as https://app.example.com (scheme, host and port only, no trailing slash)` });
        }
      }
      return origins;
    }),
  /** Set by scripts/server.mjs only: the socket-address header it writes can be believed. */
  AUTH_SOCKET_HEADER_TRUSTED: z.enum(["1"]).optional(),
});

export type Env = z.infer<typeof envSchema>;

function parseEnv(): Env {
  const raw = Object.fromEntries(Object.entries(process.env).filter(([, value]) => value !== ""));
  const result = envSchema.safeParse(raw);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  return result.data;
}

let cached: Env | undefined;

/** The validated environment, parsed once. Tests may reset it with `resetEnv()` after changing process.env. */
export function getEnv(): Env {
  cached ??= parseEnv();
  return cached;
}

export function resetEnv(): void {
  cached = undefined;
}
