import { checkReadiness } from "@/lib/auth/readiness";
import { handle, json, methodNotAllowed } from "@/lib/http/handler";

/** Readiness for load balancers and orchestrators: 200 when every part is ready, else 503 naming the failing part. */
export const GET = handle(async () => {
  const readiness = await checkReadiness();
  return json(readiness, readiness.status === "ok" ? 200 : 503);
}, { readsNoCredential: true });

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["GET", "HEAD"]);
