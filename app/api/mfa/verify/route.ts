import { stepUpSession } from "@/lib/auth/mfa";
import { requirePrincipal } from "@/lib/http/authenticate-request";
import { parseJsonBody } from "@/lib/http/body";
import { getRequestMeta } from "@/lib/http/client-address";
import { handle, methodNotAllowed } from "@/lib/http/handler";
import { respondWithTokens } from "@/lib/http/session-cookies";
import { stepUpSchema } from "@/lib/validation/mfa";

/** Step-up: the current session proves a second factor again and gets a fresh pair at aal 2 (cookies for the pages). */
export const POST = handle(async (request) => {
  const principal = await requirePrincipal(request);
  const input = await parseJsonBody(request, stepUpSchema);
  return respondWithTokens(request, 200, {}, await stepUpSession(principal, input, getRequestMeta(request)));
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["POST"]);
