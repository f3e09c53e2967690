const errorTable = {
  invalid_request: { status: 400, detail: "The request is not valid." },
  validation_error: { status: 400, detail: "Some fields are not valid." },
  invalid_json: { status: 400, detail: "The request body is not valid JSON." },
  unsupported_media_type: { status: 415, detail: "Send the request body as application/json." },
  payload_too_large: { status: 413, detail: "The request body is too large." },
  request_aborted: { status: 400, detail: "The request body was not received completely." },
  not_authenticated: { status: 401, detail: "Authentication credentials were not provided." },
  authentication_failed: { status: 401, detail: "No active account found with the given credentials" },
  token_not_valid: { status: 401, detail: "Token is invalid or expired" },
  user_inactive: { status: 401, detail: "User is inactive" },
  email_not_verified: { status: 403, detail: "Verify your email address to access this resource." },
  forbidden: { status: 403, detail: "You do not have permission to perform this action." },
  csrf_failed: { status: 403, detail: "Cross-site request refused." },
  otp_invalid: { status: 400, detail: "The code is wrong or has expired." },
  otp_expired: { status: 400, detail: "The code has expired. Request a new one." },
  otp_exhausted: { status: 400, detail: "Too many wrong codes. Request a new one." },
  otp_locked: { status: 429, detail: "Too many wrong codes for this account. Try again later." },
  otp_cooldown: { status: 429, detail: "A code was sent recently. Wait before asking for another." },
  rate_limited: { status: 429, detail: "Too many requests. Try again later." },
  not_found: { status: 404, detail: "Not found." },
  method_not_allowed: { status: 405, detail: "Method not allowed." },
  server_error: { status: 500, detail: "Something went wrong on our side. Try again later." },
} as const;

export type ErrorCode = keyof typeof errorTable;

export type FieldErrors = Record<string, string[]>;

export interface ErrorBody {
  detail: string;
  code: ErrorCode;
  errors?: FieldErrors;
}

/** An expected failure with a stable code; anything else reaching the edge is a 500. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly errors?: FieldErrors;
  readonly headers?: Record<string, string>;

  constructor(code: ErrorCode, options: { detail?: string; errors?: FieldErrors; headers?: Record<string, string> } = {}) {
    super(options.detail ?? errorTable[code].detail);
    this.name = "AppError";
    this.code = code;
    this.status = errorTable[code].status;
    this.errors = options.errors;
    this.headers = options.headers;
  }

  toBody(): ErrorBody {
    return this.errors ? { detail: this.message, code: this.code, errors: this.errors } : { detail: this.message, code: this.code };
  }

  toResponse(): Response {
    return Response.json(this.toBody(), { status: this.status, headers: this.headers });
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}

/** Maps any thrown value to a response: AppErrors keep their shape, the rest is logged and hidden. */
export function toErrorResponse(error: unknown): Response {
  if (isAppError(error)) return error.toResponse();
  console.error("[server_error]", error);
  return new AppError("server_error").toResponse();
}
