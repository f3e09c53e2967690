import { finishPasskeyRegistration } from "@/lib/auth/passkeys";
import { requirePrincipal } from "@/lib/http/authenticate-request";
import { parseJsonBody } from "@/lib/http/body";
import { getRequestMeta } from "@/lib/http/client-address";
import { handle, json, methodNotAllowed } from "@/lib/http/handler";
import { passkeyRegisterSchema } from "@/lib/validation/mfa";

export const POST = handle(async (request) => {
  const principal = await requirePrincipal(request);
  const input = await parseJsonBody(request, passkeyRegisterSchema);
  return json(await finishPasskeyRegistration(principal, input, getRequestMeta(request)), 201);
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["POST"]);
