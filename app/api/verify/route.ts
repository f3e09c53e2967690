import { verifyEmail } from "@/lib/auth/verify-email";
import { parseJsonBody } from "@/lib/http/body";
import { findPrincipal } from "@/lib/http/authenticate-request";
import { handle, json, methodNotAllowed } from "@/lib/http/handler";
import { getRequestMeta } from "@/lib/http/client-address";
import { respondWithTokens } from "@/lib/http/session-cookies";
import { verifySchema } from "@/lib/validation/auth";

/** An authenticated caller gets a fresh pair carrying the verified claim; a bad token is a 401. */
export const POST = handle(async (request) => {
  const principal = await findPrincipal(request);
  const input = await parseJsonBody(request, verifySchema);
  const { detail, access, refresh } = await verifyEmail(input, getRequestMeta(request), principal);
  if (access && refresh) return respondWithTokens(request, 200, { detail }, { access, refresh });
  return json({ detail });
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["POST"]);
