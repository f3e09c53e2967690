import type { ErrorCode } from "@/lib/errors";

/**
 * What the pages say when the API refuses something: their own sentences, keyed by the error `code`.
 * The API's `detail` is written for developers and never reaches a page. Every code the server can send
 * has a sentence here (the type makes a new code a compile error until it gets one), plus the two
 * failures only a browser sees.
 */
export type FailureCode = ErrorCode | "network_error";

/** A failure as the pages know it: its code and, for limits, how long to wait. */
export interface DescribableFailure {
  code: string;
  retryAfter: number | null;
}

/** "about 3 minutes" / "12 seconds": for messages that tell people how long to wait. */
export function describeWait(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 90) return `about ${minutes} minute${minutes === 1 ? "" : "s"}`;
  const hours = Math.round(minutes / 60);
  return `about ${hours} hour${hours === 1 ? "" : "s"}`;
}

const SESSION_ENDED = "Your session has ended. Sign in again to continue.";
const TRY_AGAIN = "Something went wrong on our side. Try again in a moment.";

const messages: Record<FailureCode, string | ((wait: string) => string)> = {
  invalid_request: "This cannot be done right now. Reload the page and try again.",
  validation_error: "Some fields are not right. Check them and try again.",
  invalid_json: TRY_AGAIN,
  unsupported_media_type: TRY_AGAIN,
  payload_too_large: "That is more text than we accept. Shorten it and try again.",
  request_aborted: "The request was cut off. Check your connection and try again.",
  not_authenticated: SESSION_ENDED,
  authentication_failed: "The email or password is not right. Check both and try again.",
  token_not_valid: SESSION_ENDED,
  user_inactive: SESSION_ENDED,
  email_not_verified: "Verify your email address first.",
  mfa_required: "Enter a code from your authenticator app to finish signing in.",
  step_up_required: "Confirm it is you with a code from your authenticator app first.",
  mfa_enrollment_required: "Administrators need two-factor authentication. Set up an authenticator app in the two-factor panel of your dashboard first.",
  mfa_token_invalid: "This sign-in took too long or was already used. Enter your email and password again.",
  mfa_attempts_exhausted: "Too many wrong codes. Enter your email and password again to get another try.",
  passkeys_unavailable: "Passkeys cannot be used on this site.",
  passkey_challenge_invalid: "That took too long. Try your passkey again.",
  passkey_invalid: "Your passkey was not accepted. Try again, or use another way.",
  passkey_limit_reached: "You have 20 passkeys, the most an account can have. Remove one to add another.",
  forbidden: "Your account is not allowed to do this.",
  csrf_failed: "This request was refused because it did not come from this site. Reload the page and try again.",
  otp_invalid: "That code is not right. Check the most recent email and try again.",
  otp_expired: "That code has expired. Send a new code and enter it here.",
  otp_exhausted: "Too many wrong tries for this code. Send a new code to try again.",
  otp_locked: (wait) => `Too many wrong codes for this account. Try again in ${wait}.`,
  otp_cooldown: (wait) => `A code was sent moments ago. You can ask for another in ${wait}.`,
  rate_limited: (wait) => `Too many attempts. Try again in ${wait}.`,
  mfa_code_invalid: "That code is not right or was used already. Enter the current code from your authenticator app, or an unused recovery code.",
  mfa_already_enabled: "Two-factor authentication is on already. Reload the page to see it.",
  mfa_setup_required: "Start the setup again: scan the new QR code, then enter its code.",
  mfa_not_enabled: "Two-factor authentication is not on. Reload the page to see it.",
  email_taken: "Another account took that address in the meantime. Choose another one.",
  setup_link_invalid: "This setup link is wrong, has expired or was used already. Restart the server for a new one, or use npm run create-admin.",
  setup_closed: "An administrator account exists already. Sign in, or ask an administrator.",
  not_found: "That is no longer there. Reload the page to see what is.",
  method_not_allowed: TRY_AGAIN,
  server_error: TRY_AGAIN,
  network_error: "We could not reach the server. Check your connection and try again.",
};

function isFailureCode(code: string): code is FailureCode {
  return Object.hasOwn(messages, code);
}

/**
 * The page's sentence for a refusal. `fallbackWait` is said when a limit came without Retry-After;
 * an unknown code (a newer server) gets the generic sentence.
 */
export function describeFailure(failure: DescribableFailure, fallbackWait = "a while"): string {
  const message = isFailureCode(failure.code) ? messages[failure.code] : TRY_AGAIN;
  if (typeof message === "string") return message;
  return message(failure.retryAfter ? describeWait(failure.retryAfter) : fallbackWait);
}

/** Whether a refusal means "sign in again": the session behind the page's cookies is over. */
export function isSessionEnded(code: string): boolean {
  return code === "not_authenticated" || code === "token_not_valid" || code === "user_inactive";
}
