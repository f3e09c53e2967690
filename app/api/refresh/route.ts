import { rotateRefreshToken } from "@/lib/auth/session";
import { parseJsonBody } from "@/lib/http/body";
import { AppError } from "@/lib/errors";
import { handle, methodNotAllowed } from "@/lib/http/handler";
import { getRequestMeta } from "@/lib/http/client-address";
import { pickRefreshToken, respondWithTokens } from "@/lib/http/session-cookies";
import { refreshRequestSchema } from "@/lib/http/schemas/requests";

const missingRefresh = () => new AppError("validation_error", { errors: { refresh: ["This field is required."] } });

export const POST = handle(async (request) => {
  const input = await parseJsonBody(request, refreshRequestSchema);
  const token = pickRefreshToken(request, input.refresh);
  if (!token) throw missingRefresh();
  const { access, refresh } = await rotateRefreshToken(token, getRequestMeta(request));
  return respondWithTokens(request, 200, {}, refresh ? { access, refresh } : { access });
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["POST"]);
