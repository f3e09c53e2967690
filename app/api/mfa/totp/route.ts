import { removeTotp } from "@/lib/auth/mfa";
import { requirePrincipal } from "@/lib/http/authenticate-request";
import { parseJsonBody } from "@/lib/http/body";
import { getRequestMeta } from "@/lib/http/client-address";
import { handle, methodNotAllowed } from "@/lib/http/handler";
import { totpRemoveSchema } from "@/lib/validation/mfa";

/** Turns the authenticator app off: the password and a code (or a recovery code). */
export const DELETE = handle(async (request) => {
  const principal = await requirePrincipal(request);
  const input = await parseJsonBody(request, totpRemoveSchema);
  await removeTotp(principal, input, getRequestMeta(request));
  return new Response(null, { status: 204 });
});

export const { GET, POST, PUT, PATCH, OPTIONS } = methodNotAllowed(["DELETE"]);
