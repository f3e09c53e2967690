import { z } from "zod";
import { refreshSchema } from "@/lib/validation/auth";

/**
 * Request bodies only the API parses (the forms' schemas live in lib/validation): the route handlers and
 * the OpenAPI document import them from here, so the document describes exactly what is enforced.
 */

/** POST /api/refresh/: the pages send `{}` and ride on the refresh cookie. */
export const refreshRequestSchema = refreshSchema.partial();

/** POST /api/sessions/revoke/ */
export const sessionRevokeSchema = z.strictObject({ session_id: z.uuid({ error: "Give the id of one of your sessions." }) });
