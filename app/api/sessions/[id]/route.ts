import { z } from "zod";
import { revokeUserSession } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { requirePrincipal } from "@/lib/http/authenticate-request";
import { getRequestMeta } from "@/lib/http/client-address";
import { handle, methodNotAllowed } from "@/lib/http/handler";

type Context = { params: Promise<{ id: string }> };

/** DELETE /api/sessions/{id}/: the REST form of POST /api/sessions/revoke/. Not one of yours, or not an id at all: 404. */
export async function DELETE(request: Request, context?: Context): Promise<Response> {
  return handle(async () => {
    const principal = await requirePrincipal(request);
    const id = z.uuid().safeParse((await context?.params)?.id);
    if (!id.success) throw new AppError("not_found", { detail: "No such active session." });
    await revokeUserSession(principal, id.data, getRequestMeta(request));
    return new Response(null, { status: 204 });
  })(request);
}

export const { GET, POST, PUT, PATCH, OPTIONS } = methodNotAllowed(["DELETE"]);
