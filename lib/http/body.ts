import "server-only";
import type { z } from "zod";
import { getEnv } from "@/lib/env";
import { toFieldErrors } from "@/lib/validation/auth";
import { AppError, type FieldErrors } from "@/lib/errors";

/** Reads at most `limit` bytes of the body; a larger one is refused before it is buffered whole. */
async function readCapped(request: Request, limit: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limit) throw new AppError("payload_too_large");
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read().catch((error: unknown) => {
      // The stream fails only when the client goes away mid-body: its request, not our fault.
      console.warn(`[request_aborted] ${request.method} ${new URL(request.url).pathname}: ${error instanceof Error ? error.message : "stream error"}`);
      throw new AppError("request_aborted");
    });
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw new AppError("payload_too_large");
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function isJsonContentType(value: string | null): boolean {
  const mediaType = value?.split(";")[0]?.trim().toLowerCase();
  return mediaType === "application/json" || (mediaType?.startsWith("application/") === true && mediaType.endsWith("+json"));
}

function validate<S extends z.ZodType>(schema: S, data: Record<string, unknown>): z.output<S> {
  const result = schema.safeParse(data);
  if (!result.success) throw new AppError("validation_error", { errors: toFieldErrors(result.error, data) });
  return result.data;
}

/**
 * For endpoints that speak OAuth's form encoding (RFC 7662 introspection): an
 * `application/x-www-form-urlencoded` body, each parameter at most once, or else the same fields as JSON.
 */
export async function parseFormOrJsonBody<S extends z.ZodType>(request: Request, schema: S, limit = getEnv().MAX_BODY_BYTES): Promise<z.output<S>> {
  const mediaType = request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (mediaType !== "application/x-www-form-urlencoded") return parseJsonBody(request, schema, limit);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(await readCapped(request, limit));
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError("invalid_request", { detail: "The form body is not valid UTF-8." });
  }
  const params = new URLSearchParams(text);
  const data: Record<string, unknown> = {};
  for (const [name, value] of params) {
    if (Object.hasOwn(data, name)) throw new AppError("invalid_request", { detail: `The parameter "${name}" is given more than once.` });
    data[name] = value;
  }
  return validate(schema, data);
}

/**
 * The body as a JSON object; `whenEmpty` is what a request with no bytes reads as, when that is allowed
 * (`curl -X POST -H 'content-type: application/json'` sends a type and no body).
 */
async function readJsonObject(request: Request, limit: number, whenEmpty?: Record<string, unknown>): Promise<Record<string, unknown>> {
  if (!isJsonContentType(request.headers.get("content-type"))) throw new AppError("unsupported_media_type");
  // No decoder runs on request bodies: a compressed one would read as bad JSON (RFC 7694 answers 415).
  const encoding = request.headers.get("content-encoding")?.trim().toLowerCase();
  if (encoding && encoding !== "identity") throw new AppError("unsupported_media_type", { detail: "Send the request body as application/json, without Content-Encoding." });
  const bytes = await readCapped(request, limit);
  if (whenEmpty && bytes.length === 0) return whenEmpty;
  let data: unknown;
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    data = JSON.parse(text);
  } catch {
    throw new AppError("invalid_json");
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw new AppError("invalid_request", { detail: "The request body must be a JSON object." });
  }
  return data as Record<string, unknown>;
}

/**
 * For actions that need no input (`curl -X POST` with only a token): a request without a body is `{}`,
 * whether or not it declares a JSON type; anything sent is parsed and validated like every other body.
 */
export async function parseOptionalJsonBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.output<S>> {
  // A declared type over an empty body (Content-Length: 0, or no body at all) is still no body.
  const isEmpty = request.body === null || request.headers.get("content-length") === "0";
  const hasBody = !isEmpty && (request.headers.has("content-type") || request.headers.has("transfer-encoding") || Number(request.headers.get("content-length") ?? "0") > 0);
  return validate(schema, hasBody ? await readJsonObject(request, getEnv().MAX_BODY_BYTES, {}) : {});
}

/** Parses a JSON object body (at most MAX_BODY_BYTES) and validates it; every failure is a 4xx AppError. */
export async function parseJsonBody<S extends z.ZodType>(request: Request, schema: S, limit = getEnv().MAX_BODY_BYTES): Promise<z.output<S>> {
  return validate(schema, await readJsonObject(request, limit));
}

/**
 * parseJsonBody for a form whose use case sees problems the schema cannot (a taken email): a body that
 * fails the schema goes to `explain` with its field errors, and the one 400 lists what `explain` returns.
 */
export async function parseJsonBodyOrExplain<S extends z.ZodType>(
  request: Request,
  schema: S,
  explain: (body: Record<string, unknown>, errors: FieldErrors) => Promise<FieldErrors>,
): Promise<z.output<S>> {
  const data = await readJsonObject(request, getEnv().MAX_BODY_BYTES);
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  throw new AppError("validation_error", { errors: await explain(data, toFieldErrors(result.error, data)) });
}
