import "server-only";
import { AppError } from "@/lib/errors";
import { assertIpWithinLimit, consumeLimit, peekLimit, resetLimit } from "@/lib/auth/rate-limit";

const FREE_FAILURES = 5;
const MAX_DELAY_SECONDS = 900;
const DAILY_CEILING = 100;

function tooMany(retryAfter: number): AppError {
  return new AppError("rate_limited", { retryAfterSeconds: retryAfter });
}

/**
 * Admits one login attempt, counting it as a failure up front (a success hands it back), so a burst of
 * parallel guesses is throttled as surely as a sequence. Keys are the normalised email, known or not,
 * so the answer tells nothing about the account.
 *
 * After five free failures each attempt must pass a gate that one attempt at a time gets through and
 * that then stays shut for 1 s, 2 s, 4 s ... at most 15 minutes: a stranger can slow an account down but
 * never lock it for long, and 100 failures take most of a day; the hundredth closes the account to
 * password attempts until the day's window ends.
 */
export async function admitLoginAttempt(emailKey: string, ip: string | null): Promise<void> {
  await assertIpWithinLimit("loginIp", ip);
  const failures = await peekLimit("loginFailures", emailKey);
  if (!failures.isAllowed) throw tooMany(failures.retryAfter);
  const failuresSoFar = Number.isFinite(failures.remaining) ? DAILY_CEILING - failures.remaining : 0;
  if (failuresSoFar >= FREE_FAILURES - 1) {
    const delay = Math.min(2 ** (failuresSoFar - (FREE_FAILURES - 1)), MAX_DELAY_SECONDS);
    const gate = await consumeLimit("loginGate", emailKey, 1, delay);
    if (!gate.isAllowed) throw tooMany(gate.retryAfter);
  }
  const counted = await consumeLimit("loginFailures", emailKey);
  if (!counted.isAllowed) throw tooMany(counted.retryAfter);
}

export async function recordLoginSuccess(emailKey: string): Promise<void> {
  await Promise.all([resetLimit("loginFailures", emailKey), resetLimit("loginGate", emailKey)]);
}
