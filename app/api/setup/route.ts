import { createFirstAdmin } from "@/lib/auth/admin";
import { parseJsonBody } from "@/lib/http/body";
import { handle, methodNotAllowed } from "@/lib/http/handler";
import { getRequestMeta } from "@/lib/http/client-address";
import { respondWithTokens } from "@/lib/http/session-cookies";
import { firstAdminSchema } from "@/lib/validation/auth";

export const POST = handle(async (request) => {
  const input = await parseJsonBody(request, firstAdminSchema);
  const { access, refresh, user } = await createFirstAdmin(input, getRequestMeta(request));
  return respondWithTokens(request, 201, { user }, { access, refresh });
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["POST"]);
