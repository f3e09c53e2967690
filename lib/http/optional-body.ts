import "server-only";
import type { z } from "zod";
import { AppError } from "@/lib/errors";
import { readOptionalJsonObject } from "@/lib/http/body";
import { toFieldErrors } from "@/lib/validation/auth";

/**
 * For actions that need no input (`curl -X POST` with only a token): a request without a body is `{}`,
 * whether or not it declares a JSON type; anything sent is parsed and validated like every other body.
 */
export async function parseOptionalJsonBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.output<S>> {
  // A declared type over an empty body (Content-Length: 0, or no body at all) is still no body.
  const isEmpty = request.body === null || request.headers.get("content-length") === "0";
  const hasBody = !isEmpty && (request.headers.has("content-type") || request.headers.has("transfer-encoding") || Number(request.headers.get("content-length") ?? "0") > 0);
  const data = hasBody ? await readOptionalJsonObject(request) : {};
  const result = schema.safeParse(data);
  if (!result.success) throw new AppError("validation_error", { errors: toFieldErrors(result.error, data) });
  return result.data;
}
