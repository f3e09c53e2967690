import { resendVerificationCode } from "@/lib/auth/verify-email";
import { parseJsonBody } from "@/lib/http/body";
import { handle, json, methodNotAllowed } from "@/lib/http/handler";
import { getRequestMeta } from "@/lib/http/client-address";
import { resendSchema } from "@/lib/validation/auth";

export const POST = handle(async (request) => {
  const input = await parseJsonBody(request, resendSchema);
  return json(await resendVerificationCode(input, getRequestMeta(request)));
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["POST"]);
