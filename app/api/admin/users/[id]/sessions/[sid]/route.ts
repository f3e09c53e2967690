import { endUserSession } from "@/lib/auth/admin";
import { adminRoute } from "@/lib/http/admin-route";
import { getRequestMeta } from "@/lib/http/client-address";
import { methodNotAllowed } from "@/lib/http/handler";

/** Staff: ends one live session of the account. */
export const DELETE = adminRoute<{ id: string; sid: string }>(async (request, { actor, params }) => {
  await endUserSession(actor, params.id, params.sid, getRequestMeta(request));
  return new Response(null, { status: 204 });
});

export const { GET, POST, PUT, PATCH, OPTIONS } = methodNotAllowed(["DELETE"]);
