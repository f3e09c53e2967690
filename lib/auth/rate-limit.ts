import "server-only";
import { createHash } from "node:crypto";
import { RateLimiterRes } from "rate-limiter-flexible";
import { getPrisma } from "@/lib/db/client";
import { RateLimiterStore } from "@/lib/db/rate-limits";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";

/**
 * Counters live in the database (rate-limiter-flexible's Prisma store, one statement a spend: see
 * lib/db/rate-limits.ts), so every app instance on one PostgreSQL shares them. `security` limiters guard
 * codes and never switch off; the rest follow RATE_LIMIT.
 */
interface LimiterSpec {
  points: () => number;
  duration: () => number;
  security: boolean;
}

const specs = {
  otpAttempts: { points: () => getEnv().OTP_MAX_ATTEMPTS, duration: () => getEnv().OTP_LIFETIME, security: true },
  otpDaily: { points: () => getEnv().OTP_ACCOUNT_MAX_ATTEMPTS, duration: () => 86_400, security: true },
  otpResend: { points: () => 1, duration: () => getEnv().OTP_RESEND_COOLDOWN, security: true },
  resetAttempts: { points: () => getEnv().OTP_MAX_ATTEMPTS, duration: () => getEnv().OTP_LIFETIME, security: true },
  resetDaily: { points: () => getEnv().OTP_ACCOUNT_MAX_ATTEMPTS, duration: () => 86_400, security: true },
  resetCooldown: { points: () => 1, duration: () => getEnv().OTP_RESEND_COOLDOWN, security: true },
  changeEmailAttempts: { points: () => getEnv().OTP_MAX_ATTEMPTS, duration: () => getEnv().OTP_LIFETIME, security: true },
  changeEmailDaily: { points: () => getEnv().OTP_ACCOUNT_MAX_ATTEMPTS, duration: () => 86_400, security: true },
  changeEmailCooldown: { points: () => 1, duration: () => getEnv().OTP_RESEND_COOLDOWN, security: true },
  /** Wrong second-factor proofs (authenticator or recovery codes) one account may give per day, on every path. */
  secondFactorDaily: { points: () => getEnv().OTP_ACCOUNT_MAX_ATTEMPTS, duration: () => 86_400, security: true },
  /** "This address already has an account" notices: one an hour per address, however many accounts ask. */
  emailInUseNotice: { points: () => 1, duration: () => 3600, security: true },
  resetIp: { points: () => 20, duration: () => 3600, security: false },
  loginIp: { points: () => 100, duration: () => 900, security: false },
  /**
   * Passkey sign-in options an address may ask for: the sign-in page asks on every view (its autofill), so
   * they spend this budget, not loginIp's (the assertion's check does). It bounds the challenge rows one
   * address stores (each lives 5 minutes, then housekeeping deletes it).
   */
  passkeyOptionsIp: { points: () => 600, duration: () => 900, security: false },
  /**
   * Options a signed-in account may ask for to add a passkey or confirm it is you with one: each stores a
   * challenge row, so an account cannot fill the table however many addresses it uses.
   */
  passkeyOptionsAccount: { points: () => 60, duration: () => 900, security: false },
  registerIp: { points: () => 20, duration: () => 3600, security: false },
  verifyIp: { points: () => 60, duration: () => 900, security: false },
  resendIp: { points: () => 20, duration: () => 3600, security: false },
} satisfies Record<string, LimiterSpec>;

export type LimiterName = keyof typeof specs;

export interface LimitResult {
  isAllowed: boolean;
  /** Seconds until one more attempt is allowed (0 when allowed). */
  retryAfter: number;
  remaining: number;
}

const limiters = new Map<LimiterName, RateLimiterStore>();

async function getLimiter(name: LimiterName): Promise<RateLimiterStore> {
  const existing = limiters.get(name);
  if (existing) return existing;
  const spec = specs[name];
  const limiter = new RateLimiterStore({
    storeClient: await getPrisma(),
    tableName: "rateLimiterFlexible",
    keyPrefix: name,
    points: spec.points(),
    duration: spec.duration(),
    clearExpiredByTimeout: false,
  });
  limiters.set(name, limiter);
  return limiter;
}

/** Keys are hashed so the table never holds an email address or IP in clear. */
export function hashKey(key: string): string {
  return createHash("sha256").update(key).digest("base64url");
}

/** A zero duration means "no limit" (rate-limiter-flexible would read it as "never expires"). */
function isEnabled(name: LimiterName): boolean {
  const spec: LimiterSpec = specs[name];
  return spec.duration() > 0 && (spec.security || getEnv().RATE_LIMIT === "on");
}

/** Spends `points` from the budget; `durationSeconds` overrides the window of a key this call creates. */
export async function consumeLimit(name: LimiterName, key: string, points = 1, durationSeconds?: number): Promise<LimitResult> {
  if (!isEnabled(name)) return { isAllowed: true, retryAfter: 0, remaining: Number.POSITIVE_INFINITY };
  const limiter = await getLimiter(name);
  try {
    const options = durationSeconds === undefined ? {} : { customDuration: durationSeconds };
    const result = await limiter.consume(hashKey(key), points, options);
    return { isAllowed: true, retryAfter: 0, remaining: result.remainingPoints };
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    return { isAllowed: false, retryAfter: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)), remaining: 0 };
  }
}

/** Whether the budget is already spent, without spending from it. */
export async function peekLimit(name: LimiterName, key: string): Promise<LimitResult> {
  if (!isEnabled(name)) return { isAllowed: true, retryAfter: 0, remaining: Number.POSITIVE_INFINITY };
  const limiter = await getLimiter(name);
  const result = await limiter.get(hashKey(key));
  const points = specs[name].points();
  if (!result || result.consumedPoints < points) {
    return { isAllowed: true, retryAfter: 0, remaining: points - (result?.consumedPoints ?? 0) };
  }
  return { isAllowed: false, retryAfter: Math.max(1, Math.ceil(result.msBeforeNext / 1000)), remaining: 0 };
}

export async function resetLimit(name: LimiterName, key: string): Promise<void> {
  if (!isEnabled(name)) return;
  await (await getLimiter(name)).delete(hashKey(key));
}

/** Limiters hold the Prisma client they were built with; drop them when the database is reopened. */
export function resetLimiters(): void {
  limiters.clear();
}

/** Spends one request from the budget of `key`; 429 with Retry-After once it is gone. */
export async function assertWithinLimit(name: LimiterName, key: string): Promise<void> {
  const spent = await consumeLimit(name, key);
  if (!spent.isAllowed) throw new AppError("rate_limited", { retryAfterSeconds: spent.retryAfter });
}

/** Spends one request from a per-IP budget (no address, no limit). */
export async function assertIpWithinLimit(name: LimiterName, ip: string | null): Promise<void> {
  if (ip) await assertWithinLimit(name, ip);
}
