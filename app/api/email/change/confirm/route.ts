import { confirmEmailChange } from "@/lib/auth/email-change";
import { requirePrincipal } from "@/lib/http/authenticate-request";
import { parseJsonBody } from "@/lib/http/body";
import { handle, json, methodNotAllowed } from "@/lib/http/handler";
import { getRequestMeta } from "@/lib/http/client-address";
import { respondWithTokens } from "@/lib/http/session-cookies";
import { emailChangeConfirmSchema } from "@/lib/validation/auth";

/** An account that was unverified is verified by the code: its caller gets a pair that says so. */
export const POST = handle(async (request) => {
  const principal = await requirePrincipal(request);
  const input = await parseJsonBody(request, emailChangeConfirmSchema);
  const { access, refresh, ...body } = await confirmEmailChange(principal, input, getRequestMeta(request));
  if (access && refresh) return respondWithTokens(request, 200, body, { access, refresh });
  return json(body);
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["POST"]);
