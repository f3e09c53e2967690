import { z } from "zod";
import { revokeUserSession } from "@/lib/auth/session";
import { requirePrincipal } from "@/lib/http/authenticate-request";
import { parseJsonBody } from "@/lib/http/body";
import { handle, methodNotAllowed } from "@/lib/http/handler";
import { getRequestMeta } from "@/lib/http/client-address";

const revokeSchema = z.strictObject({ session_id: z.uuid({ error: "Give the id of one of your sessions." }) });

export const POST = handle(async (request) => {
  const principal = await requirePrincipal(request);
  const input = await parseJsonBody(request, revokeSchema);
  await revokeUserSession(principal, input.session_id, getRequestMeta(request));
  return new Response(null, { status: 204 });
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["POST"]);
