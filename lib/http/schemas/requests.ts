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
const EVENT_ID = /^[1-9]\d{0,17}$/;

/** GET /api/events/: `cursor` is the `next_cursor` of the previous page (an event id). */
export const securityEventQuerySchema = z.strictObject({
  cursor: z
    .string()
    .regex(EVENT_ID, { error: "This cursor is not valid. Start again from the first page." })
    .optional()
    .transform((value) => value ?? null),
  limit: z
    .string()
    .regex(/^\d{1,3}$/, { error: "Give a number from 1 to 100." })
    .transform(Number)
    .pipe(z.number().min(1, { error: "Give a number from 1 to 100." }).max(100, { error: "Give a number from 1 to 100." }))
    .optional()
    .transform((value) => value ?? 20),
});

export const secureAccountSchema = z.strictObject({
  event_id: z
    .string({ error: "Give the id of one of your security events." })
    .regex(EVENT_ID, { error: "Give the id of one of your security events." })
    .optional(),
});
