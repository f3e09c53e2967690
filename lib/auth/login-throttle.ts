import "server-only";
import { AppError } from "@/lib/http/errors";
import { blockFor, consumeLimit, peekLimit, resetLimit } from "./rate-limit";

const FREE_FAILURES = 5;
const MAX_DELAY_SECONDS = 900;

function tooMany(retryAfter: number): AppError {
  return new AppError("rate_limited", { headers: { "Retry-After": String(retryAfter) } });
}

/**
 * Refuses an attempt that comes too soon. Keys are the normalised email (known or not, so the answer
 * tells nothing about the account) and the client IP.
 */
export async function assertLoginAllowed(emailKey: string, ip: string | null): Promise<void> {
  if (ip) {
    const perIp = await consumeLimit("loginIp", ip);
    if (!perIp.isAllowed) throw tooMany(perIp.retryAfter);
  }
  const delay = await peekLimit("loginDelay", emailKey);
  if (!delay.isAllowed) throw tooMany(delay.retryAfter);
  const failures = await peekLimit("loginFailures", emailKey);
  if (!failures.isAllowed) throw tooMany(failures.retryAfter);
}

/**
 * After five free failures each one doubles the wait (1 s, 2 s, 4 s ... at most 15 minutes), so a
 * stranger can slow an account down but never lock it for long, and 100 consecutive failures take
 * most of a day; the hundredth closes the account to password attempts until the day's window ends.
 */
export async function recordLoginFailure(emailKey: string): Promise<void> {
  const result = await consumeLimit("loginFailures", emailKey);
  const failures = 100 - result.remaining;
  if (failures < FREE_FAILURES || !Number.isFinite(result.remaining)) return;
  await blockFor("loginDelay", emailKey, Math.min(2 ** (failures - FREE_FAILURES), MAX_DELAY_SECONDS));
}

export async function recordLoginSuccess(emailKey: string): Promise<void> {
  await resetLimit("loginFailures", emailKey);
  await resetLimit("loginDelay", emailKey);
}
