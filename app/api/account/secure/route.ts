import { secureAccount } from "@/lib/auth/secure-account";
import { requirePrincipal } from "@/lib/http/authenticate-request";
import { getRequestMeta } from "@/lib/http/client-address";
import { handle, methodNotAllowed } from "@/lib/http/handler";
import { parseOptionalJsonBody } from "@/lib/http/body";
import { secureAccountSchema } from "@/lib/http/schemas/requests";
import { respondSignedOut } from "@/lib/http/signed-out-response";

/** "This wasn't me": every session ends (this one too) and a password-reset code goes to the account's email. */
export const POST = handle(async (request) => {
  const principal = await requirePrincipal(request);
  const input = await parseOptionalJsonBody(request, secureAccountSchema);
  return respondSignedOut(request, 200, { ...(await secureAccount(principal, input, getRequestMeta(request))) });
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["POST"]);
