import { introspectToken } from "@/lib/auth/introspection";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { hasBearerSecret } from "@/lib/http/bearer-secret";
import { parseFormOrJsonBody } from "@/lib/http/body";
import { getBearerToken } from "@/lib/http/client-address";
import { handle, json, methodNotAllowed } from "@/lib/http/handler";
import { introspectionRequestSchema } from "@/lib/http/schemas/introspection";

type Handler = (request: Request) => Promise<Response>;

/** Off (404 for every method, as if absent) unless INTROSPECTION_SECRET is set. */
function whenEnabled(handler: Handler): Handler {
  return handle(async (request) => {
    if (!getEnv().INTROSPECTION_SECRET) throw new AppError("not_found");
    return handler(request);
  });
}

/** RFC 7662 token introspection for services that need instant revocation; callers hold INTROSPECTION_SECRET. */
export const POST = whenEnabled(async (request) => {
  if (getBearerToken(request.headers) === null) throw new AppError("not_authenticated", { detail: "Send Authorization: Bearer <INTROSPECTION_SECRET>." });
  if (!hasBearerSecret(request.headers, getEnv().INTROSPECTION_SECRET!)) throw new AppError("token_not_valid", { detail: "The introspection secret is not valid." });
  const { token } = await parseFormOrJsonBody(request, introspectionRequestSchema);
  return json(await introspectToken(token));
});

const other = methodNotAllowed(["POST"]);
export const GET = whenEnabled(other.GET);
export const PUT = whenEnabled(other.PUT);
export const PATCH = whenEnabled(other.PATCH);
export const DELETE = whenEnabled(other.DELETE);
export const OPTIONS = whenEnabled(other.OPTIONS);
