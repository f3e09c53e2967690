import { z } from "zod";
import type { RegisterResult } from "@/lib/auth/register";
import type { Readiness } from "@/lib/auth/readiness";
import type { SessionListItem } from "@/lib/auth/session";
import type { ErrorBody } from "@/lib/errors";

/**
 * What the API answers, as zod schemas: the OpenAPI document (lib/http/openapi) renders them, and the
 * integration tests check real answers against that rendering. The type checks at the bottom tie each one
 * to the type its use case returns, so a renamed field breaks the build instead of the documentation.
 */

const jwt = (description: string) =>
  z.string().meta({ description, examples: ["eyJhbGciOiJFZERTQSIsImtpZCI6Ii4uLiIsInR5cCI6ImF0K2p3dCJ9.eyJ0b2tlbl90eXBlIjoiYWNjZXNzIn0.c2lnbmF0dXJl"] });

const cookieNote = "Absent with `X-Auth-Transport: cookie`: the token is then set as an httpOnly cookie instead.";

export const accessTokenSchema = jwt(`Access token (EdDSA JWT, \`typ: at+jwt\`), lifetime ACCESS_TOKEN_LIFETIME. ${cookieNote}`);
export const refreshTokenSchema = jwt(`Refresh token (EdDSA JWT, \`typ: refresh+jwt\`), single use under rotation. ${cookieNote}`);

const timestamp = z.iso.datetime({ offset: true }).meta({ examples: ["2026-12-04T06:49:36.000Z"] });
const uuid = z.uuid().meta({ examples: ["3f0c9a52-6d1e-4a57-9b1a-2a8f0b9d4c11"] });

export const errorBodySchema = z
  .object({
    detail: z.string().meta({ description: "A sentence for people." }),
    code: z.string().meta({ description: "Stable machine-readable code (lib/errors.ts)." }),
    errors: z
      .record(z.string(), z.array(z.string()))
      .optional()
      .meta({ description: "validation_error only: messages per field; `non_field_errors` for the body as a whole." }),
    mfa_token: z.string().optional().meta({ description: "mfa_required only: the sign-in's second step, for `POST /api/login/mfa/` (5 minutes, single use)." }),
    methods: z
      .array(z.enum(["totp", "passkey", "recovery_code"]))
      .optional()
      .meta({ description: "mfa_required and step_up_required only: the second factors the account can prove now, in this order: `totp` (an authenticator app), `passkey`, `recovery_code` (while unused codes remain)." }),
    unknown_credential: z
      .literal(true)
      .optional()
      .meta({ description: "A passkey sign-in's authentication_failed only: this server holds no passkey with that credential ID (removed, or never here), so the page can have the browser forget it (WebAuthn signalUnknownCredential)." }),
  })
  .meta({ id: "Error", description: "The shape of every error." });

export const detailSchema = z.object({ detail: z.string() }).meta({ id: "Detail" });

/** login, refresh, an authenticated verify. */
export const tokenPairSchema = z
  .object({ access: accessTokenSchema.optional(), refresh: refreshTokenSchema.optional() })
  .meta({ id: "TokenPair", description: "Both tokens with the bearer transport; `{}` with the cookie transport; no `refresh` from /api/refresh/ when REFRESH_ROTATION=off." });

/** login: the pair, and the device token that gives this client its own budget of failures next time. */
export const signedInSchema = z
  .object({
    access: accessTokenSchema.optional(),
    refresh: refreshTokenSchema.optional(),
    device_token: z.string().optional().meta({
      description: `Device token (HS256 JWT, \`typ: device+jwt\`, 180 days; ours alone, no JWKS verifies it). Send it as \`device_token\` when signing in to this account again: this client then has its own budget of failures, so a stranger's guessing cannot lock it out. A new one comes with every sign-in; a password change or reset retires the old ones. ${cookieNote}`,
      examples: ["eyJhbGciOiJIUzI1NiIsInR5cCI6ImRldmljZStqd3QifQ.eyJjdiI6MH0.c2lnbmF0dXJl"],
    }),
  })
  .meta({ id: "SignedIn", description: "Both tokens and a device token with the bearer transport; `{}` with the cookie transport (all three are cookies then)." });

/** The second step of a sign-in: the sign-in's answer, and the remembered browser's token when it asked for one. */
export const signedInWithSecondFactorSchema = signedInSchema
  .extend({
    trusted_browser_token: z.string().optional().meta({
      description: `Only with \`remember_browser: true\`: 256 random bits (base64url), stored only as their sha256, good for 30 days. Send it as \`trusted_browser_token\` with \`POST /api/login/\` to this account: a right password then skips the second step (the session says \`rbrowser\` in \`amr\` and stays at aal 1). Forgotten by DELETE /api/mfa/trusted-browsers/, a password change or reset, a factor change and "Sign out everywhere". ${cookieNote}`,
      examples: ["Xq3pL0vN8cT2mK6sR9aF1bY4dH7jW5eZ0uI3oP6gQ2w"],
    }),
  })
  .meta({
    id: "SignedInWithSecondFactor",
    description: "As SignedIn; with the cookie transport `{}` (the tokens, the device token and a remembered browser's token are cookies then).",
  });

export const userSummarySchema = z
  .object({ id: uuid, email: z.string().meta({ examples: ["ada@example.com"] }), user_name: z.string().meta({ examples: ["ada"] }), is_verified: z.boolean() })
  .meta({ id: "UserSummary" });

export const registeredSchema = z
  .object({ response: z.literal("Registration Successful!"), user: userSummarySchema, access: accessTokenSchema.optional(), refresh: refreshTokenSchema.optional() })
  .meta({ id: "Registered" });

export const firstAdminCreatedSchema = z
  .object({ user: z.object({ id: z.uuid(), email: z.string(), user_name: z.string() }), access: accessTokenSchema.optional(), refresh: refreshTokenSchema.optional() })
  .meta({ id: "FirstAdminCreated", description: "The new verified staff superuser; the pair belongs to its first session." });

export const verifiedSchema = z
  .object({ detail: z.literal("verified"), access: accessTokenSchema.optional(), refresh: refreshTokenSchema.optional() })
  .meta({ id: "Verified", description: "The tokens only when the call was authenticated as the account just verified: a fresh pair in the same session, with `verified: true`." });

export const sessionListItemSchema = z
  .object({
    id: uuid,
    current: z.boolean().meta({ description: "The session of the token making this request." }),
    device: z.string().meta({ description: 'A short name from the user agent ("Firefox on Linux"), "Unknown device" when not recognised.', examples: ["Firefox on Linux"] }),
    created_at: timestamp,
    last_used_at: timestamp,
    expires_at: timestamp,
    ip: z.string().nullable(),
    user_agent: z.string().nullable(),
  })
  .meta({ id: "Session" });

export const sessionListSchema = z.object({ sessions: z.array(sessionListItemSchema) }).meta({ id: "SessionList" });

export const securityEventSchema = z
  .object({
    id: z.string().meta({ description: "Pass as `event_id` to POST /api/account/secure/ (\"This wasn't me\").", examples: ["1042"] }),
    event: z.string().meta({ description: "The audit event's name.", examples: ["login_succeeded"] }),
    label: z.string().meta({ description: "The dashboard's wording.", examples: ["Signed in"] }),
    is_warning: z.boolean().meta({ description: "The dashboard marks it as one to look at." }),
    is_reportable: z.boolean().meta({ description: "Something a person did that the owner may report as not them (the dashboard offers \"This wasn't me\")." }),
    created_at: timestamp,
    ip: z.string().nullable().meta({ description: "null for an administrator's action." }),
    device: z.string().meta({ description: 'A short name from the user agent, "Administrator" for an administrator\'s action.', examples: ["Firefox on Linux"] }),
  })
  .meta({ id: "SecurityEvent" });

export type SecurityEventJson = z.infer<typeof securityEventSchema>;

export const securityEventPageSchema = z
  .object({
    events: z.array(securityEventSchema),
    next_cursor: z.string().nullable().meta({ description: "Pass as `cursor` for the next page; null on the last one." }),
  })
  .meta({ id: "SecurityEventPage" });

export const profileSchema = z
  .object({
    id: uuid,
    email: z.string().meta({ examples: ["ada@example.com"] }),
    user_name: z.string().meta({ examples: ["ada"] }),
    is_verified: z.boolean(),
    date_joined: timestamp,
    last_login: timestamp.nullable(),
  })
  .meta({ id: "Profile" });

export const healthSchema = z.object({ status: z.literal("ok") }).meta({ id: "Health" });

export const readinessSchema = z
  .object({
    status: z.enum(["ok", "unavailable"]),
    checks: z.object({
      database: z.string().meta({ description: '"ok", or "unreachable: <reason>"' }),
      migrations: z.string().meta({ description: '"ok", "unknown", or "pending: <name>, ..."' }),
      keys: z.string().meta({ description: '"ok", or "not loaded: <reason>"' }),
    }),
  })
  .meta({ id: "Readiness" });

export const jwksSchema = z
  .object({
    keys: z.array(
      z.looseObject({
        kty: z.literal("OKP"),
        crv: z.literal("Ed25519"),
        x: z.string(),
        kid: z.string(),
        alg: z.literal("EdDSA"),
        use: z.literal("sig"),
      }),
    ),
  })
  .meta({ id: "JWKS", description: "RFC 7517 key set: the signing key first, then keys still accepted during a rollover." });

/** The OpenAPI document itself: only its outline is promised here. */
export const openApiDocumentSchema = z.looseObject({ openapi: z.string(), info: z.looseObject({ title: z.string(), version: z.string() }), paths: z.record(z.string(), z.unknown()) });

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
export type ResponseSchemaChecks = [
  Assert<Same<z.infer<typeof sessionListItemSchema>, SessionListItem>>,
  Assert<Same<z.infer<typeof userSummarySchema>, RegisterResult["user"]>>,
  Assert<Same<z.infer<typeof readinessSchema>, Readiness>>,
  Assert<ErrorBody extends z.infer<typeof errorBodySchema> ? true : false>,
];
