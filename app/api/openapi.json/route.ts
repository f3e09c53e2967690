import { getOpenApiDocument } from "@/lib/http/openapi";
import { handle, json, methodNotAllowed } from "@/lib/http/handler";

/** The OpenAPI 3.1 document of this build, rendered from the handlers' own zod schemas. */
export const GET = handle(async () => json(await getOpenApiDocument(), 200, { "Cache-Control": "public, max-age=300, must-revalidate" }), { readsNoCredential: true });

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["GET", "HEAD"]);
