import { explainRefusedRegistration, registerUser } from "@/lib/auth/register";
import { parseJsonBodyOrExplain } from "@/lib/http/body";
import { handle, methodNotAllowed } from "@/lib/http/handler";
import { getRequestMeta } from "@/lib/http/client-address";
import { respondWithTokens } from "@/lib/http/session-cookies";
import { registerSchema } from "@/lib/validation/auth";

export const POST = handle(async (request) => {
  const meta = getRequestMeta(request);
  const input = await parseJsonBodyOrExplain(request, registerSchema, (body, errors) => explainRefusedRegistration(body, errors, meta));
  const { access, refresh, user } = await registerUser(input, meta);
  return respondWithTokens(request, 201, { response: "Registration Successful!", user }, { access, refresh });
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["POST"]);
