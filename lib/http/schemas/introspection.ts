import { z } from "zod";

/**
 * POST /api/introspect/ (RFC 7662): `token=...` as a form, or the same fields as JSON. `token_type_hint`
 * is accepted and, as the RFC allows, not needed: the token's own `typ` says what it is.
 */
export const introspectionRequestSchema = z.strictObject({
  token: z
    .string({ error: "Give the token to introspect." })
    .min(1, { error: "Give the token to introspect." })
    .max(4096, { error: "This token is too long." })
    .meta({ description: "An access or refresh token of this service." }),
  token_type_hint: z.enum(["access_token", "refresh_token"], { error: "Use access_token or refresh_token." }).optional(),
});

export type IntrospectionRequest = z.infer<typeof introspectionRequestSchema>;

/** The RFC 7662 answer: `{"active": false}` alone for anything not currently usable. */
export const introspectionResponseSchema = z.union([
  z.strictObject({
    active: z.literal(true),
    token_type: z.enum(["access", "refresh"]).meta({ description: "Our `token_type` claim." }),
    sub: z.string().meta({ description: "The user's id." }),
    sid: z.string().meta({ description: "The sign-in session the token belongs to." }),
    jti: z.string(),
    iat: z.number().int(),
    nbf: z.number().int(),
    exp: z.number().int(),
    iss: z.string(),
    aud: z.union([z.string(), z.array(z.string())]),
    verified: z.boolean().meta({ description: "Whether the user's email is verified, read now from the database." }),
  }),
  z.strictObject({ active: z.literal(false) }),
]);

export type IntrospectionResponse = z.infer<typeof introspectionResponseSchema>;
