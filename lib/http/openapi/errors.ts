import { z } from "zod";
import type { ZodOpenApiResponseObject } from "zod-openapi";
import { describeSecondStep } from "@/lib/auth/sign-in/authentication";
import { AppError, type ErrorCode } from "@/lib/errors";
import { errorStatus } from "@/lib/http/error-response";
import { errorBodySchema } from "@/lib/http/schemas/responses";
import type { Access, ApiOperation } from "@/lib/http/openapi/types";

/** What parseJsonBody can refuse before the handler sees a field. */
const BODY_ERRORS: ErrorCode[] = ["unsupported_media_type", "invalid_json", "invalid_request", "request_aborted", "payload_too_large", "validation_error"];

const CREDENTIAL_ERRORS: ErrorCode[] = ["not_authenticated", "token_not_valid", "user_inactive"];

const ACCESS_ERRORS: Record<Access, ErrorCode[]> = {
  public: [],
  anonymous: ["csrf_failed"],
  optional: ["token_not_valid", "user_inactive", "csrf_failed"],
  user: [...CREDENTIAL_ERRORS, "csrf_failed"],
  verified: [...CREDENTIAL_ERRORS, "email_not_verified", "csrf_failed"],
  // Staff need a session at two factors (ADMIN_REQUIRE_MFA, lib/auth/assurance.ts › requireTwoFactors).
  staff: [...CREDENTIAL_ERRORS, "forbidden", "mfa_enrollment_required", "step_up_required", "csrf_failed"],
  secret: [],
};

/** Every code an operation can answer: its own, its body's, its credentials', and the generic 500. */
export function operationErrorCodes(operation: ApiOperation): ErrorCode[] {
  const codes = new Set<ErrorCode>([...ACCESS_ERRORS[operation.access], ...(operation.body ? BODY_ERRORS : []), ...(operation.errors ?? []), "server_error"]);
  return [...codes];
}

export function defaultDetail(code: ErrorCode): string {
  return new AppError(code).message;
}

/** What the answers of these codes carry beside detail and code, as an account with an authenticator app gets them. */
const EXAMPLE_EXTRAS: Partial<Record<ErrorCode, Record<string, unknown>>> = {
  mfa_required: { detail: describeSecondStep(["totp", "recovery_code"]), mfa_token: "kq3Vn8Yb0cT5wR2mL7sX9aF4dH1jG6eZ", methods: ["totp", "recovery_code"] },
  step_up_required: { methods: ["totp", "recovery_code"] },
};

function exampleBody(code: ErrorCode, operation: ApiOperation): Record<string, unknown> {
  const detail = operation.errorDetails?.[code] ?? defaultDetail(code);
  if (code !== "validation_error") return { detail, code, ...EXAMPLE_EXTRAS[code] };
  const field = Object.keys(operation.body?.example ?? {})[0] ?? "non_field_errors";
  return { detail, code, errors: { [field]: ["This field is required."] } };
}

const HEADERS_BY_STATUS: Record<number, Record<string, { description: string; schema: { type: "integer" | "string" } }>> = {
  401: { "WWW-Authenticate": { description: 'Bearer realm="api" when no credential was sent (not_authenticated).', schema: { type: "string" } } },
  429: { "Retry-After": { description: "Seconds until a new attempt can succeed.", schema: { type: "integer" } } },
};

/** The error responses of an operation, one per status, listing the codes that status can carry. */
export function errorResponses(operation: ApiOperation): Record<string, ZodOpenApiResponseObject> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of operationErrorCodes(operation)) byStatus.set(errorStatus[code], [...(byStatus.get(errorStatus[code]) ?? []), code]);
  const responses: Record<string, ZodOpenApiResponseObject> = {};
  for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
    const [first, ...rest] = codes as [ErrorCode, ...ErrorCode[]];
    responses[String(status)] = {
      description: codes.map((code) => `\`${code}\`: ${operation.errorDetails?.[code] ?? defaultDetail(code)}`).join("\n\n"),
      headers: status === 401 && !codes.includes("not_authenticated") ? undefined : HEADERS_BY_STATUS[status],
      content: {
        "application/json": {
          schema: z.intersection(errorBodySchema, z.looseObject({ code: z.enum([first, ...rest]) })),
          examples: Object.fromEntries(codes.map((code) => [code, { value: exampleBody(code, operation) }])),
        },
      },
    };
  }
  return responses;
}
