import "server-only";
import { AppError } from "@/lib/errors";
import { answerPreflight, applyCorsHeaders, varyOnOrigin } from "@/lib/http/cors";
import { enforceSameOriginForCookies } from "@/lib/http/csrf";
import { toErrorResponse } from "@/lib/http/error-response";
import { UNSUPPORTED_METHOD_HEADER } from "@/lib/http/server-headers.mjs";
import { REQUEST_ID_HEADER } from "@/lib/observability/log.mjs";

type Handler = (request: Request) => Promise<Response>;

const noStore = { "Cache-Control": "no-store" };

/**
 * Wraps a route handler: a request riding on the browser's cookies must come from our own pages (the
 * CSRF rule, in this one place), every failure becomes the JSON error shape, nothing is cached, and
 * CORS_ORIGINS may read what does not ride on cookies. `readsNoCredential` is for public documents such as the JWKS.
 */
export function handle(handler: Handler, options: { readsNoCredential?: boolean } = {}): Handler {
  return async (request) => {
    let response: Response;
    try {
      if (!options.readsNoCredential) enforceSameOriginForCookies(request);
      response = await handler(request);
    } catch (error) {
      // scripts/server.mjs gives every request an id: a logged failure names it.
      response = toErrorResponse(error, undefined, request.headers.get(REQUEST_ID_HEADER));
    }
    if (!response.headers.has("Cache-Control")) response.headers.set("Cache-Control", noStore["Cache-Control"]);
    applyCorsHeaders(request, response);
    return response;
  };
}

/**
 * Handlers for the methods a route does not support: 405 with Allow, in the error shape; OPTIONS says
 * the same Allow, or answers a CORS preflight from an allowed origin. Methods Next cannot dispatch (TRACE,
 * ...) arrive from scripts/server.mjs as a marked OPTIONS.
 */
export function methodNotAllowed(allowed: string[]): Record<"GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS", Handler> {
  const allow = allowed.join(", ");
  const varying = (response: Response): Response => {
    varyOnOrigin(response.headers);
    return response;
  };
  const respond: Handler = async () => varying(toErrorResponse(new AppError("method_not_allowed"), { Allow: allow, ...noStore }));
  const options: Handler = async (request) =>
    request.headers.has(UNSUPPORTED_METHOD_HEADER)
      ? respond(request)
      : varying(answerPreflight(request, allowed) ?? new Response(null, { status: 204, headers: { Allow: allow } }));
  return { GET: respond, POST: respond, PUT: respond, PATCH: respond, DELETE: respond, OPTIONS: options };
}

export function json(body: unknown, status = 200, headers?: HeadersInit): Response {
  return Response.json(body, { status, headers });
}
