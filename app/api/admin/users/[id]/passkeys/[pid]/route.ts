import { removeUserPasskey } from "@/lib/auth/admin";
import { adminRoute } from "@/lib/http/admin-route";
import { getRequestMeta } from "@/lib/http/client-address";
import { methodNotAllowed } from "@/lib/http/handler";

/** Staff: removes one passkey of the account (audited, and the owner is emailed). */
export const DELETE = adminRoute<{ id: string; pid: string }>(async (request, { actor, params }) => {
  await removeUserPasskey(actor, params.id, params.pid, getRequestMeta(request));
  return new Response(null, { status: 204 });
});

export const { GET, POST, PUT, PATCH, OPTIONS } = methodNotAllowed(["DELETE"]);
