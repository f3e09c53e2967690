import { sendUserCode } from "@/lib/auth/admin";
import { adminRoute } from "@/lib/http/admin-route";
import { getRequestMeta } from "@/lib/http/client-address";
import { json, methodNotAllowed } from "@/lib/http/handler";
import { parseOptionalJsonBody } from "@/lib/http/body";
import { emptyActionSchema } from "@/lib/http/schemas/requests";

/** Staff: mails the account a password-reset code (the owner's cooldown applies). */
export const POST = adminRoute<{ id: string }>(async (request, { actor, params }) => {
  // No input: an empty or absent body; anything else is refused like every other body.
  await parseOptionalJsonBody(request, emptyActionSchema);
  return json(await sendUserCode(actor, params.id, "reset_password", getRequestMeta(request)), 202);
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["POST"]);
