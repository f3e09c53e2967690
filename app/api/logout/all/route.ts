import { endAllSessions } from "@/lib/auth/session";
import { requirePrincipal } from "@/lib/http/authenticate-request";
import { getRequestMeta } from "@/lib/http/client-address";
import { handle, methodNotAllowed } from "@/lib/http/handler";
import { parseOptionalJsonBody } from "@/lib/http/body";
import { emptyActionSchema } from "@/lib/http/schemas/requests";
import { respondSignedOut } from "@/lib/http/signed-out-response";

/** "Sign out everywhere": every session of the caller ends, this one too; 205 like logout. */
export const POST = handle(async (request) => {
  const principal = await requirePrincipal(request);
  await parseOptionalJsonBody(request, emptyActionSchema);
  await endAllSessions(principal, getRequestMeta(request));
  return respondSignedOut(request, 205);
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["POST"]);
