import { handle, json, methodNotAllowed } from "@/lib/http/handler";

/** Liveness: the process answers. It asks nothing of the database (see /api/ready/ for that). */
export const GET = handle(async () => json({ status: "ok" }), { readsNoCredential: true });

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["GET", "HEAD"]);
