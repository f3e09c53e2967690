import { confirmTotpSetup } from "@/lib/auth/mfa";
import { requirePrincipal } from "@/lib/http/authenticate-request";
import { parseJsonBody } from "@/lib/http/body";
import { getRequestMeta } from "@/lib/http/client-address";
import { handle, methodNotAllowed } from "@/lib/http/handler";
import { respondWithTokens } from "@/lib/http/session-cookies";
import { totpConfirmSchema } from "@/lib/validation/mfa";

/** Confirming the app proves it as a step-up does: the session is raised and a fresh pair answered beside the recovery codes (cookies for the pages). */
export const POST = handle(async (request) => {
  const principal = await requirePrincipal(request);
  const input = await parseJsonBody(request, totpConfirmSchema);
  const { access, refresh, ...body } = await confirmTotpSetup(principal, input, getRequestMeta(request));
  return respondWithTokens(request, 200, body, { access, refresh });
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["POST"]);
