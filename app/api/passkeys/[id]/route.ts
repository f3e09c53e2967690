import { removePasskeyOf, renamePasskeyOf } from "@/lib/auth/passkeys";
import { requirePrincipal } from "@/lib/http/authenticate-request";
import { parseJsonBody } from "@/lib/http/body";
import { getRequestMeta } from "@/lib/http/client-address";
import { handle, json, methodNotAllowed } from "@/lib/http/handler";
import { passkeyRenameSchema } from "@/lib/validation/mfa";

type Context = { params: Promise<{ id: string }> };

/** PATCH /api/passkeys/{id}/: rename. Another account's passkey (or no passkey) is a 404. */
export async function PATCH(request: Request, context?: Context): Promise<Response> {
  return handle(async () => {
    const principal = await requirePrincipal(request);
    const { name } = await parseJsonBody(request, passkeyRenameSchema);
    return json(await renamePasskeyOf(principal, (await context?.params)?.id ?? "", name));
  })(request);
}

/** DELETE /api/passkeys/{id}/: remove, with a second factor proved in the last ten minutes. */
export async function DELETE(request: Request, context?: Context): Promise<Response> {
  return handle(async () => {
    const principal = await requirePrincipal(request);
    await removePasskeyOf(principal, (await context?.params)?.id ?? "", getRequestMeta(request));
    return new Response(null, { status: 204 });
  })(request);
}

export const { GET, POST, PUT, OPTIONS } = methodNotAllowed(["PATCH", "DELETE"]);
