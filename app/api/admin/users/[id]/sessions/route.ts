import { endUserSessions } from "@/lib/auth/admin";
import { adminRoute } from "@/lib/http/admin-route";
import { getRequestMeta } from "@/lib/http/client-address";
import { json, methodNotAllowed } from "@/lib/http/handler";

/** Staff: ends every session of the account at once. */
export const DELETE = adminRoute<{ id: string }>(async (request, { actor, params }) =>
  json({ sessions_ended: await endUserSessions(actor, params.id, getRequestMeta(request)) }),
);

export const { GET, POST, PUT, PATCH, OPTIONS } = methodNotAllowed(["DELETE"]);
