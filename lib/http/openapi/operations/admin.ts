import { z } from "zod";
import type { AdminUserJson } from "@/lib/auth/admin";
import { adminUserUpdateSchema } from "@/lib/validation/admin";
import { secondFactorStatusSchema } from "@/lib/http/schemas/mfa";
import { emptyActionSchema } from "@/lib/http/schemas/requests";
import type { ApiOperation } from "@/lib/http/openapi/types";

/**
 * The operators' API: every call needs an active, verified staff account, read from the database per request,
 * and (ADMIN_REQUIRE_MFA) a second factor on it and a session that proved it: the `staff` access errors.
 */

export const USER_ID = "6b1f2c1e-4f7a-4d5e-9a0b-3c2d1e0f9a8b";
const ADMIN_ID = "0c9d8e7f-6a5b-4c3d-8e2f-1a0b9c8d7e6f";
const SESSION_ID = "3f0c9a52-6d1e-4a57-9b1a-2a8f0b9d4c11";

export const adminUserSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    user_name: z.string(),
    is_active: z.boolean(),
    is_verified: z.boolean(),
    is_staff: z.boolean(),
    is_superuser: z.boolean().meta({ description: "Only `npm run create-admin` makes superusers; removing staff removes it too." }),
    date_joined: z.iso.datetime(),
    last_login: z.iso.datetime().nullable(),
  })
  .meta({ id: "AdminUser" });

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export type AdminSchemaChecks = [Same<z.infer<typeof adminUserSchema>, AdminUserJson>] extends [true] ? true : never;
const schemaMatchesView: AdminSchemaChecks = true;
void schemaMatchesView;

const adminUserListSchema = z
  .object({
    users: z.array(adminUserSchema),
    next_cursor: z.string().nullable().meta({ description: "Pass as `cursor` for the next page; null on the last one." }),
  })
  .meta({ id: "AdminUserList" });

const adminUserDetailSchema = z
  .object({
    user: adminUserSchema,
    sessions: z.array(
      z.object({
        id: z.uuid(),
        device: z.string(),
        ip: z.string().nullable(),
        user_agent: z.string().nullable(),
        created_at: z.iso.datetime(),
        last_used_at: z.iso.datetime(),
        expires_at: z.iso.datetime(),
      }),
    ),
    second_factors: secondFactorStatusSchema.meta({ description: "The account's second factors, as GET /api/mfa/ shows them to their owner." }),
    events: z.array(
      z.object({
        id: z.string(),
        event: z.string().meta({ description: "e.g. login_succeeded, deactivated_by_admin, sessions_ended_by_admin." }),
        created_at: z.iso.datetime(),
        ip: z.string().nullable(),
        user_agent: z.string().nullable(),
        session_id: z.string().nullable(),
        actor: z.object({ id: z.string(), user_name: z.string().nullable() }).nullable().meta({ description: "The operator, for an admin action." }),
        detail: z.unknown(),
      }),
    ),
  })
  .meta({ id: "AdminUserDetail" });

const userExample: AdminUserJson = {
  id: USER_ID,
  email: "ada@example.com",
  user_name: "ada",
  is_active: true,
  is_verified: true,
  is_staff: false,
  is_superuser: false,
  date_joined: "2026-12-01T09:30:00.000Z",
  last_login: "2026-12-04T06:49:36.000Z",
};

const flag = z.enum(["true", "false"]).optional();
export const idPath = z.object({ id: z.uuid().meta({ description: "The account's id.", examples: [USER_ID] }) });
const guards = "Only a superuser can change another staff account; nobody can deactivate, demote or delete their own.";
export const staffOnly = { access: "staff" as const, tag: "Admin" };

export const adminOperations: ApiOperation[] = [
  {
    ...staffOnly,
    path: "/api/admin/users/",
    method: "get",
    operationId: "adminListUsers",
    summary: "Find accounts",
    description: "Newest sign-ups first, at most `limit` (default 25) a page. Unknown parameters are a validation error.",
    params: {
      query: z.object({
        q: z.string().optional().meta({ description: "Part of the email or user name, case-insensitive." }),
        verified: flag,
        active: flag,
        staff: flag,
        cursor: z.string().optional().meta({ description: "`next_cursor` of the previous page." }),
        limit: z.string().optional().meta({ description: "1 to 100." }),
      }),
    },
    responses: { 200: { description: "One page of accounts.", schema: adminUserListSchema, example: { users: [userExample], next_cursor: null } } },
    errors: ["validation_error"],
  },
  {
    ...staffOnly,
    path: "/api/admin/users/{id}/",
    method: "get",
    operationId: "adminGetUser",
    summary: "One account: profile, live sessions, recent audit events",
    params: { path: idPath },
    responses: {
      200: {
        description: "The account.",
        schema: adminUserDetailSchema,
        example: {
          user: userExample,
          sessions: [
            { id: SESSION_ID, device: "Firefox on Linux", ip: "203.0.113.7", user_agent: "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0", created_at: "2026-12-04T06:49:36.000Z", last_used_at: "2026-12-04T06:55:00.000Z", expires_at: "2026-12-05T06:49:36.000Z" },
          ],
          second_factors: {
            enabled: true,
            methods: ["totp", "recovery_code"],
            totp: { enabled: true, enabled_at: "2026-12-02T10:00:00.000Z", setup_pending: false },
            passkeys: { count: 0 },
            recovery_codes: { remaining: 9 },
          },
          events: [
            { id: "1042", event: "verified_by_admin", created_at: "2026-12-04T07:00:00.000Z", ip: "198.51.100.4", user_agent: "Mozilla/5.0", session_id: null, actor: { id: ADMIN_ID, user_name: "admin" }, detail: { actor_id: ADMIN_ID } },
          ],
        },
      },
    },
    errors: ["not_found"],
    errorDetails: { not_found: "No such user." },
  },
  {
    ...staffOnly,
    path: "/api/admin/users/{id}/",
    method: "patch",
    operationId: "adminUpdateUser",
    summary: "Deactivate, reactivate, (un)verify; superusers: grant or remove staff",
    description: `Deactivation ends every session at once. Each real change is one audit event naming the admin. ${guards}`,
    params: { path: idPath },
    body: { schema: adminUserUpdateSchema, example: { is_active: false } },
    responses: { 200: { description: "The updated account.", schema: z.object({ user: adminUserSchema }), example: { user: { ...userExample, is_active: false } } } },
    errors: ["not_found", "forbidden"],
    errorDetails: { not_found: "No such user.", forbidden: "Only a superuser can grant or remove staff." },
  },
  {
    ...staffOnly,
    path: "/api/admin/users/{id}/",
    method: "delete",
    operationId: "adminDeleteUser",
    summary: "Delete an account (superusers)",
    description: `Its sessions, tokens and codes go with it; its audit events stay without a user. ${guards}`,
    params: { path: idPath },
    responses: { 204: { description: "Deleted; no body." } },
    errors: ["not_found"],
    errorDetails: { not_found: "No such user.", forbidden: "Only a superuser can delete accounts." },
  },
  {
    ...staffOnly,
    path: "/api/admin/users/{id}/sessions/",
    method: "delete",
    operationId: "adminEndUserSessions",
    summary: "End every session of an account",
    params: { path: idPath },
    responses: { 200: { description: "How many sessions ended.", schema: z.object({ sessions_ended: z.number().int().nonnegative() }), example: { sessions_ended: 2 } } },
    errors: ["not_found"],
  },
  {
    ...staffOnly,
    path: "/api/admin/users/{id}/sessions/{sid}/",
    method: "delete",
    operationId: "adminEndUserSession",
    summary: "End one session of an account",
    params: { path: idPath.extend({ sid: z.uuid().meta({ examples: [SESSION_ID] }) }) },
    responses: { 204: { description: "Ended; no body." } },
    errors: ["not_found"],
    errorDetails: { not_found: "No such active session." },
  },
  {
    ...staffOnly,
    path: "/api/admin/users/{id}/send-verification/",
    method: "post",
    operationId: "adminSendVerification",
    summary: "Mail an unverified account a new verification code",
    description: "The owner's resend cooldown applies. Nothing to send: `{}`, or no body at all.",
    body: { schema: emptyActionSchema, example: {}, required: false },
    params: { path: idPath },
    responses: { 202: { description: "The code is on its way.", schema: z.object({ detail: z.string() }), example: { detail: "A verification code is on its way to ada@example.com." } } },
    errors: ["not_found", "invalid_request", "otp_cooldown"],
    errorDetails: { invalid_request: "This email address is already verified." },
  },
  {
    ...staffOnly,
    path: "/api/admin/users/{id}/send-password-reset/",
    method: "post",
    operationId: "adminSendPasswordReset",
    summary: "Mail an account a password-reset code",
    description: "The owner's reset cooldown applies. Nothing to send: `{}`, or no body at all.",
    body: { schema: emptyActionSchema, example: {}, required: false },
    params: { path: idPath },
    responses: { 202: { description: "The code is on its way.", schema: z.object({ detail: z.string() }), example: { detail: "A password-reset code is on its way to ada@example.com." } } },
    errors: ["not_found", "invalid_request", "otp_cooldown"],
    errorDetails: { invalid_request: "This account is deactivated. Reactivate it first." },
  },
];
