import { getSecondFactorStatus } from "@/lib/auth/mfa";
import { requirePrincipal } from "@/lib/http/authenticate-request";
import { handle, json, methodNotAllowed } from "@/lib/http/handler";

/** Which second factors the caller has on and how many recovery codes remain; never a secret. */
export const GET = handle(async (request) => {
  const { user } = await requirePrincipal(request);
  return json(await getSecondFactorStatus(user.id));
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["GET", "HEAD"]);
