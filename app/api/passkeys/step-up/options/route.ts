import { startPasskeyStepUp } from "@/lib/auth/passkeys";
import { requirePrincipal } from "@/lib/http/authenticate-request";
import { handle, json, methodNotAllowed } from "@/lib/http/handler";
import { parseOptionalJsonBody } from "@/lib/http/body";
import { emptyActionSchema } from "@/lib/http/schemas/requests";

export const POST = handle(async (request) => {
  const principal = await requirePrincipal(request);
  await parseOptionalJsonBody(request, emptyActionSchema);
  return json(await startPasskeyStepUp(principal));
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["POST"]);
