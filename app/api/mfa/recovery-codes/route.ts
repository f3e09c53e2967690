import { regenerateRecoveryCodes } from "@/lib/auth/mfa";
import { requirePrincipal } from "@/lib/http/authenticate-request";
import { parseOptionalJsonBody } from "@/lib/http/body";
import { getRequestMeta } from "@/lib/http/client-address";
import { handle, json, methodNotAllowed } from "@/lib/http/handler";
import { emptyActionSchema } from "@/lib/http/schemas/requests";

/** Ten new recovery codes replacing all the earlier ones, shown once. */
export const POST = handle(async (request) => {
  const principal = await requirePrincipal(request);
  await parseOptionalJsonBody(request, emptyActionSchema);
  return json(await regenerateRecoveryCodes(principal, getRequestMeta(request)));
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["POST"]);
