import { requireVerifiedAccess } from "@/lib/http/authenticate-request";
import { handle, json, methodNotAllowed } from "@/lib/http/handler";

export const POST = handle(async (request) => {
  await requireVerifiedAccess(request);
  return json({ detail: "accessed" });
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["POST"]);
