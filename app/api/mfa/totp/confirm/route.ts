import { confirmTotpSetup } from "@/lib/auth/mfa";
import { requirePrincipal } from "@/lib/http/authenticate-request";
import { parseJsonBody } from "@/lib/http/body";
import { getRequestMeta } from "@/lib/http/client-address";
import { handle, json, methodNotAllowed } from "@/lib/http/handler";
import { totpConfirmSchema } from "@/lib/validation/mfa";

export const POST = handle(async (request) => {
  const principal = await requirePrincipal(request);
  const input = await parseJsonBody(request, totpConfirmSchema);
  return json(await confirmTotpSetup(principal, input, getRequestMeta(request)));
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["POST"]);
