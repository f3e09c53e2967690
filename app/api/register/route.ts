import { registerUser } from "@/lib/auth/register";
import { parseJsonBody } from "@/lib/http/body";
import { handle, methodNotAllowed } from "@/lib/http/handler";
import { getRequestMeta } from "@/lib/http/client-address";
import { respondWithTokens } from "@/lib/http/session-cookies";
import { registerSchema } from "@/lib/validation/auth";

export const POST = handle(async (request) => {
  const input = await parseJsonBody(request, registerSchema);
  const { access, refresh, user } = await registerUser(input, getRequestMeta(request));
  return respondWithTokens(request, 201, { response: "Registration Successful!", user }, { access, refresh });
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["POST"]);
