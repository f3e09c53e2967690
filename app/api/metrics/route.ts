import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { hasBearerSecret } from "@/lib/http/bearer-secret";
import { getBearerToken } from "@/lib/http/client-address";
import { handle, methodNotAllowed } from "@/lib/http/handler";
import { collectMetrics } from "@/lib/observability/metrics.mjs";

/**
 * Prometheus metrics of every server process behind this port. Off (404, as if absent) unless
 * METRICS_TOKEN is set; then only for `Authorization: Bearer <METRICS_TOKEN>`.
 */
export const GET = handle(async (request) => {
  const token = getEnv().METRICS_TOKEN;
  if (!token) throw new AppError("not_found");
  if (getBearerToken(request.headers) === null) throw new AppError("not_authenticated");
  if (!hasBearerSecret(request.headers, token)) throw new AppError("token_not_valid", { detail: "The metrics token is not valid." });
  const { contentType, text } = await collectMetrics();
  return new Response(text, { status: 200, headers: { "Content-Type": contentType } });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["GET", "HEAD"]);
