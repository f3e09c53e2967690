import { confirmPasswordReset, explainRefusedReset } from "@/lib/auth/password-reset";
import { parseJsonBodyOrExplain } from "@/lib/http/body";
import { handle, json, methodNotAllowed } from "@/lib/http/handler";
import { getRequestMeta } from "@/lib/http/client-address";
import { passwordResetConfirmSchema } from "@/lib/validation/auth";

export const POST = handle(async (request) => {
  const input = await parseJsonBodyOrExplain(request, passwordResetConfirmSchema, explainRefusedReset);
  return json(await confirmPasswordReset(input, getRequestMeta(request)));
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["POST"]);
