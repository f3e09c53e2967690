/**
 * Expected failures, by stable code: what use cases throw. This module knows no HTTP; lib/http maps each
 * code to its status at the edge (lib/http/error-response.ts).
 */
const errorDetails = {
  invalid_request: "The request is not valid.",
  validation_error: "Some fields are not valid.",
  invalid_json: "The request body is not valid JSON.",
  unsupported_media_type: "Send the request body as application/json.",
  payload_too_large: "The request body is too large.",
  request_aborted: "The request body was not received completely.",
  not_authenticated: "Authentication credentials were not provided.",
  authentication_failed: "No active account found with the given credentials",
  token_not_valid: "Token is invalid or expired",
  user_inactive: "User is inactive",
  email_not_verified: "Verify your email address to access this resource.",
  forbidden: "You do not have permission to perform this action.",
  csrf_failed: "Cross-site request refused.",
  otp_invalid: "The code is wrong or has expired.",
  otp_expired: "The code has expired. Request a new one.",
  otp_exhausted: "Too many wrong codes. Request a new one.",
  otp_locked: "Too many wrong codes for this account. Try again later.",
  otp_cooldown: "A code was sent recently. Wait before asking for another.",
  rate_limited: "Too many requests. Try again later.",
  mfa_code_invalid: "The code is wrong, expired or already used.",
  mfa_already_enabled: "Two-factor authentication is on already. Turn it off before setting up another authenticator app.",
  mfa_setup_required: "Start setting up the authenticator app first.",
  mfa_not_enabled: "Two-factor authentication is not on for this account.",
  email_taken: "That email address now belongs to another account. Choose another one.",
  mfa_required: "Enter a code from your authenticator app (or a recovery code) to finish signing in.",
  step_up_required: "Confirm it is you with your second factor first.",
  mfa_enrollment_required: "Staff accounts need two-factor authentication: set up an authenticator app on your dashboard (POST /api/mfa/totp/setup/), then sign in with it.",
  mfa_token_invalid: "This sign-in has expired or was already used. Sign in again with your password.",
  mfa_attempts_exhausted: "Too many wrong codes for this sign-in. Sign in again with your password.",
  passkeys_unavailable: "Passkeys are not available on this server (its APP_URL is an IP address).",
  passkey_challenge_invalid: "This passkey request has expired or was already used. Start again.",
  passkey_invalid: "The passkey was not accepted.",
  passkey_limit_reached: "This account has 20 passkeys, the most it can have. Remove one first.",
  setup_link_invalid: "This setup link is wrong, expired or already used.",
  setup_closed: "An administrator exists already; setup links no longer work.",
  not_found: "Not found.",
  method_not_allowed: "Method not allowed.",
  server_error: "Something went wrong on our side. Try again later.",
} as const;

export type ErrorCode = keyof typeof errorDetails;

export type FieldErrors = Record<string, string[]>;

/** Every message of both, field by field, each once: `first`'s before `second`'s. */
export function mergeFieldErrors(first: FieldErrors, second: FieldErrors): FieldErrors {
  const merged = new Map(Object.entries(first).map(([field, messages]) => [field, [...messages]]));
  for (const [field, messages] of Object.entries(second)) {
    const kept = merged.get(field) ?? [];
    merged.set(field, [...kept, ...messages.filter((message) => !kept.includes(message))]);
  }
  return Object.fromEntries(merged);
}

/** The wire shape of every error; some codes add members of their own (`mfa_token`, `methods`). */
export interface ErrorBody {
  detail: string;
  code: ErrorCode;
  errors?: FieldErrors;
  [member: string]: unknown;
}

/**
 * Members an error adds to its body: what the client needs to go on (the second step's token, the methods;
 * `unknown_credential` when a passkey sign-in named a credential this server does not hold, so the page can
 * tell the browser to forget it).
 */
export type ErrorExtras = { mfa_token?: string; methods?: string[]; unknown_credential?: true };

/** An expected failure with a stable code; anything else reaching the edge is a 500. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly errors?: FieldErrors;
  /** For limits: when trying again can succeed. */
  readonly retryAfterSeconds?: number;
  readonly extras?: ErrorExtras;

  constructor(code: ErrorCode, options: { detail?: string; errors?: FieldErrors; retryAfterSeconds?: number; extras?: ErrorExtras } = {}) {
    super(options.detail ?? errorDetails[code]);
    this.name = "AppError";
    this.code = code;
    this.errors = options.errors;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.extras = options.extras;
  }

  toBody(): ErrorBody {
    const body: ErrorBody = { detail: this.message, code: this.code, ...this.extras };
    if (this.errors) body.errors = this.errors;
    return body;
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}

/** The codes that say "these credentials are no good" (401 on the wire): the caller is, in effect, anonymous. */
export const CREDENTIAL_REJECTIONS = ["not_authenticated", "authentication_failed", "token_not_valid", "user_inactive"] as const satisfies readonly ErrorCode[];

export function isCredentialRejected(value: unknown): value is AppError {
  return isAppError(value) && (CREDENTIAL_REJECTIONS as readonly ErrorCode[]).includes(value.code);
}
