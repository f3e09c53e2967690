import { z } from "zod";
import { sessionRevokeSchema } from "@/lib/http/schemas/requests";
import { detailSchema, profileSchema, securityEventPageSchema, sessionListSchema } from "@/lib/http/schemas/responses";
import type { ApiOperation } from "@/lib/http/openapi/types";

const SESSION_ID = "3f0c9a52-6d1e-4a57-9b1a-2a8f0b9d4c11";

/** The signed-in caller's own account and sessions. */
export const accountOperations: ApiOperation[] = [
  {
    path: "/api/me/",
    method: "get",
    operationId: "getMe",
    tag: "Account",
    summary: "The caller's profile",
    access: "user",
    responses: {
      200: {
        description: "The profile.",
        schema: profileSchema,
        example: { id: SESSION_ID, email: "ada@example.com", user_name: "ada", is_verified: true, date_joined: "2026-12-01T09:30:00.000Z", last_login: "2026-12-04T06:49:36.000Z" },
      },
    },
  },
  {
    path: "/api/events/",
    method: "get",
    operationId: "listSecurityEvents",
    tag: "Account",
    summary: "The caller's security events",
    description:
      "What the dashboard lists (sign-ins, failed attempts, codes, password and email changes, administrators' actions), newest recorded first, `limit` (1 to 100, default 20) a page. An event's `id` is the `event_id` that POST /api/account/secure/ takes. Unknown parameters are a validation error.",
    access: "user",
    params: {
      query: z.object({
        cursor: z.string().optional().meta({ description: "`next_cursor` of the previous page." }),
        limit: z.string().optional().meta({ description: "1 to 100; 20 when absent." }),
      }),
    },
    responses: {
      200: {
        description: "One page of events.",
        schema: securityEventPageSchema,
        example: {
          events: [
            { id: "1042", event: "login_succeeded", label: "Signed in", is_warning: false, is_reportable: true, created_at: "2026-12-04T06:49:36.000Z", ip: "203.0.113.7", device: "Firefox on Linux" },
          ],
          next_cursor: null,
        },
      },
    },
    errors: ["validation_error"],
  },
  {
    path: "/api/sessions/",
    method: "get",
    operationId: "listSessions",
    tag: "Sessions",
    summary: "The caller's live sessions",
    description: "Newest activity first; `current` marks the session of the token making the request.",
    access: "user",
    responses: {
      200: {
        description: "The live sessions.",
        schema: sessionListSchema,
        example: {
          sessions: [
            {
              id: SESSION_ID,
              current: true,
              device: "Firefox on Linux",
              created_at: "2026-12-04T06:49:36.000Z",
              last_used_at: "2026-12-04T06:55:00.000Z",
              expires_at: "2026-12-05T06:49:36.000Z",
              ip: "203.0.113.7",
              user_agent: "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0",
            },
          ],
        },
      },
    },
  },
  {
    path: "/api/sessions/revoke/",
    method: "post",
    operationId: "revokeSession",
    tag: "Sessions",
    summary: "End one of the caller's sessions",
    description: "Another user's session, or one already ended, is `not_found` (and stays alive).",
    access: "user",
    body: { schema: sessionRevokeSchema, example: { session_id: SESSION_ID } },
    responses: { 204: { description: "Ended; no body." } },
    errors: ["not_found"],
    errorDetails: { not_found: "No such active session." },
  },
  {
    path: "/api/experiment/",
    method: "post",
    operationId: "experiment",
    tag: "Account",
    summary: "A protected endpoint for verified accounts",
    description: "The example of a protected resource: judged as ACCESS_TOKEN_CHECK says (the session must still live by default).",
    access: "verified",
    responses: { 200: { description: "Access granted.", schema: detailSchema, example: { detail: "accessed" } } },
  },
];
