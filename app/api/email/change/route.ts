import { requestEmailChange } from "@/lib/auth/email-change";
import { requirePrincipal } from "@/lib/http/authenticate-request";
import { parseJsonBody } from "@/lib/http/body";
import { handle, json, methodNotAllowed } from "@/lib/http/handler";
import { getRequestMeta } from "@/lib/http/client-address";
import { emailChangeSchema } from "@/lib/validation/auth";

/** Verified or not (a typo at registration), the caller asks for a code at the new address. */
export const POST = handle(async (request) => {
  const principal = await requirePrincipal(request);
  const input = await parseJsonBody(request, emailChangeSchema);
  return json(await requestEmailChange(principal, input, getRequestMeta(request)));
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["POST"]);
