import "server-only";
import { AppError, isAppError, type ErrorCode } from "@/lib/errors";
import { logServerError } from "@/lib/observability/log.mjs";
import { countRateLimited } from "@/lib/observability/metrics.mjs";

/** The HTTP status of each error code: the only place codes meet HTTP. */
export const errorStatus: Record<ErrorCode, number> = {
  invalid_request: 400,
  validation_error: 400,
  invalid_json: 400,
  unsupported_media_type: 415,
  payload_too_large: 413,
  request_aborted: 400,
  not_authenticated: 401,
  authentication_failed: 401,
  token_not_valid: 401,
  user_inactive: 401,
  email_not_verified: 403,
  forbidden: 403,
  csrf_failed: 403,
  otp_invalid: 400,
  otp_expired: 400,
  otp_exhausted: 400,
  otp_locked: 429,
  otp_cooldown: 429,
  rate_limited: 429,
  mfa_code_invalid: 400,
  mfa_already_enabled: 409,
  mfa_setup_required: 409,
  mfa_not_enabled: 409,
  email_taken: 409,
  mfa_required: 403,
  step_up_required: 403,
  mfa_enrollment_required: 403,
  mfa_token_invalid: 400,
  mfa_attempts_exhausted: 429,
  passkeys_unavailable: 404,
  passkey_challenge_invalid: 400,
  passkey_invalid: 400,
  passkey_limit_reached: 409,
  setup_link_invalid: 400,
  setup_closed: 409,
  not_found: 404,
  method_not_allowed: 405,
  server_error: 500,
};

/**
 * Maps any thrown value to a response: AppErrors keep their shape (with Retry-After for limits and a
 * Bearer challenge for a missing credential), the rest is logged and hidden behind a generic 500.
 */
export function toErrorResponse(error: unknown, extraHeaders?: Record<string, string>, requestId?: string | null): Response {
  if (!isAppError(error)) {
    logServerError(error, requestId);
    return toErrorResponse(new AppError("server_error"));
  }
  const status = errorStatus[error.code];
  if (status === 429) countRateLimited(error.code);
  const headers = new Headers(extraHeaders);
  if (error.retryAfterSeconds !== undefined) headers.set("Retry-After", String(error.retryAfterSeconds));
  if (error.code === "not_authenticated") headers.set("WWW-Authenticate", 'Bearer realm="api"');
  return Response.json(error.toBody(), { status, headers });
}
