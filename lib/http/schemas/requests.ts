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

/** POST /api/sessions/revoke-others/ and POST /api/logout/all/: nothing to say (`{}` or no body at all). */
export const emptyActionSchema = z.strictObject({});

/** POST /api/account/secure/: "This wasn't me", optionally naming the security event the owner does not recognise. */
export const secureAccountSchema = z.strictObject({
  event_id: z
    .string({ error: "Give the id of one of your security events." })
    .regex(/^[1-9]\d{0,17}$/, { error: "Give the id of one of your security events." })
    .optional(),
});
