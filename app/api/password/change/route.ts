import { changePassword } from "@/lib/auth/password-change";
import { requirePrincipal } from "@/lib/http/authenticate-request";
import { parseJsonBody } from "@/lib/http/body";
import { handle, json, methodNotAllowed } from "@/lib/http/handler";
import { getRequestMeta } from "@/lib/http/client-address";
import { passwordChangeSchema } from "@/lib/validation/auth";

export const POST = handle(async (request) => {
  const principal = await requirePrincipal(request);
  const input = await parseJsonBody(request, passwordChangeSchema);
  return json(await changePassword(principal, input, getRequestMeta(request)));
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["POST"]);
