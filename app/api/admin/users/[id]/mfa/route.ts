import { removeUserSecondFactors } from "@/lib/auth/admin";
import { adminRoute } from "@/lib/http/admin-route";
import { getRequestMeta } from "@/lib/http/client-address";
import { methodNotAllowed } from "@/lib/http/handler";

/** Staff: removes every second factor of a locked-out account (audited, and the owner is emailed). */
export const DELETE = adminRoute<{ id: string }>(async (request, { actor, params }) => {
  await removeUserSecondFactors(actor, params.id, getRequestMeta(request));
  return new Response(null, { status: 204 });
});

export const { GET, POST, PUT, PATCH, OPTIONS } = methodNotAllowed(["DELETE"]);
