import { getPublishedKeys } from "@/lib/auth/keys";
import { handle, json, methodNotAllowed } from "@/lib/http/handler";

export const dynamic = "force-dynamic";

export const GET = handle(async () => json((await getPublishedKeys()).jwks, 200, { "Cache-Control": "public, max-age=300, must-revalidate" }), { readsNoCredential: true });

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["GET", "HEAD"]);
