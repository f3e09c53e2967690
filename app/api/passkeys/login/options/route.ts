import { startPasskeySignIn } from "@/lib/auth/passkeys";
import { getRequestMeta } from "@/lib/http/client-address";
import { handle, json, methodNotAllowed } from "@/lib/http/handler";
import { parseOptionalJsonBody } from "@/lib/http/body";
import { passkeyLoginOptionsSchema } from "@/lib/validation/mfa";

export const POST = handle(async (request) => {
  const input = await parseOptionalJsonBody(request, passkeyLoginOptionsSchema);
  return json(await startPasskeySignIn(input, getRequestMeta(request)));
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["POST"]);
