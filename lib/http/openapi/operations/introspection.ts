import { introspectionRequestSchema, introspectionResponseSchema } from "@/lib/http/schemas/introspection";
import type { ApiOperation } from "@/lib/http/openapi/types";

/** RFC 7662 token introspection, for services that must see a logout at once. */
export const introspectionOperations: ApiOperation[] = [
  {
    path: "/api/introspect/",
    method: "post",
    operationId: "introspect",
    tag: "Operations",
    summary: "Is this token usable right now? (RFC 7662)",
    description:
      "Off (404 `not_found` for every method, as if absent) unless the server has `INTROSPECTION_SECRET`; then only with `Authorization: Bearer <INTROSPECTION_SECRET>` (compared in constant time). Takes `token=...` as a form (RFC 7662) or `{\"token\"}` as JSON; `token_type_hint` is optional and not needed. Active means: our signature, issuer, audience and lifetime, and, asked of the database now, a live session, an active user and, for a refresh token, one that is neither used nor blacklisted. Anything else (garbage, a foreign or expired token, a revoked session) is `{\"active\": false}` with no reason. Never cached.",
    access: "secret",
    body: { schema: introspectionRequestSchema, example: { token: "eyJhbGciOiJFZERTQSIsImtpZCI6Ii4uLiIsInR5cCI6ImF0K2p3dCJ9.eyJ0b2tlbl90eXBlIjoiYWNjZXNzIn0.c2lnbmF0dXJl" }, formEncoded: true },
    errors: ["not_found", "not_authenticated", "token_not_valid", "csrf_failed"],
    errorDetails: { not_authenticated: "Send Authorization: Bearer <INTROSPECTION_SECRET>.", token_not_valid: "The introspection secret is not valid." },
    responses: {
      200: {
        description: "The verdict: the token's claims when active, `{\"active\": false}` alone otherwise.",
        schema: introspectionResponseSchema,
        example: {
          active: true,
          token_type: "access",
          sub: "3f0c9a52-6d1e-4a57-9b1a-2a8f0b9d4c11",
          sid: "8d2b7c1e-0f4a-4e3b-9c5d-6a7b8c9d0e1f",
          jti: "5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e",
          iat: 1796360000,
          nbf: 1796360000,
          exp: 1796360300,
          iss: "next-jwt-auth",
          aud: "next-jwt-auth",
          verified: true,
        },
      },
    },
  },
];
