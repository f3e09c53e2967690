import type { z } from "zod";
import type { ErrorCode } from "@/lib/errors";

/**
 * Who may call an operation, which decides its security requirement and the credential errors it can answer:
 * - `public`: reads no credential at all (the CSRF rule does not apply: health, JWKS, this document).
 * - `anonymous`: needs none, but a request riding on our cookies must come from our pages (403 csrf_failed).
 * - `optional`: works without a token; a token, if sent, must be good (verify).
 * - `user`: an access token, verified email or not; `verified`: a verified one; `staff`: a staff account's.
 * - `secret`: a Bearer secret from the server's configuration, never a user's token (metrics, introspection).
 */
export type Access = "public" | "anonymous" | "optional" | "user" | "verified" | "staff" | "secret";

export type HttpMethod = "get" | "post" | "put" | "patch" | "delete";

export interface ApiResponseSpec {
  description: string;
  /** No schema: the body is empty (204, 205). */
  schema?: z.ZodType;
  /** The body's media type when it is not JSON (the metrics' Prometheus text). */
  mediaType?: string;
  /** A realistic answer, checked against `schema` by the unit test. */
  example?: unknown;
  /** Response headers worth knowing, by name. */
  headers?: Record<string, string>;
}

/** One documented path and method: the registry has exactly one per route handler. */
export interface ApiOperation {
  path: string;
  method: HttpMethod;
  operationId: string;
  tag: string;
  summary: string;
  description?: string;
  access: Access;
  /** The tokens travel in the body or, with `X-Auth-Transport: cookie`, in httpOnly cookies. */
  issuesTokens?: boolean;
  /** The JSON body schema the handler parses, with a valid example. */
  body?: { schema: z.ZodType; example: Record<string, unknown>; required?: boolean; formEncoded?: boolean };
  params?: { path?: z.ZodObject; query?: z.ZodObject };
  responses: Partial<Record<200 | 201 | 202 | 204 | 205 | 503, ApiResponseSpec>>;
  /**
   * The error codes this operation's own logic can answer. Body parsing, credentials, the CSRF rule and
   * server_error are added from `body` and `access`.
   */
  errors?: ErrorCode[];
  /** Refusals whose detail differs from the code's default, shown as examples: code -> detail. */
  errorDetails?: Partial<Record<ErrorCode, string>>;
}
