import { requestPasswordReset } from "@/lib/auth/password-reset";
import { parseJsonBody } from "@/lib/http/body";
import { handle, json, methodNotAllowed } from "@/lib/http/handler";
import { getRequestMeta } from "@/lib/http/client-address";
import { passwordResetSchema } from "@/lib/validation/auth";

export const POST = handle(async (request) => {
  const input = await parseJsonBody(request, passwordResetSchema);
  return json(await requestPasswordReset(input, getRequestMeta(request)));
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["POST"]);
