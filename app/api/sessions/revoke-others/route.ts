import { revokeOtherSessions } from "@/lib/auth/session";
import { requirePrincipal } from "@/lib/http/authenticate-request";
import { getRequestMeta } from "@/lib/http/client-address";
import { handle, json, methodNotAllowed } from "@/lib/http/handler";
import { parseOptionalJsonBody } from "@/lib/http/body";
import { emptyActionSchema } from "@/lib/http/schemas/requests";

/** "Sign out everywhere else": every session but the caller's ends. */
export const POST = handle(async (request) => {
  const principal = await requirePrincipal(request);
  await parseOptionalJsonBody(request, emptyActionSchema);
  return json({ sessions_ended: await revokeOtherSessions(principal, getRequestMeta(request)) });
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["POST"]);
