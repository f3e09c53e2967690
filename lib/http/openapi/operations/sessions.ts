import { z } from "zod";
import type { SecureAccountResult } from "@/lib/auth/secure-account";
import { emptyActionSchema, secureAccountSchema } from "@/lib/http/schemas/requests";
import type { ApiOperation } from "@/lib/http/openapi/types";

/** Ending sessions beyond one at a time, and "This wasn't me". */

const SESSION_ID = "3f0c9a52-6d1e-4a57-9b1a-2a8f0b9d4c11";

export const sessionsEndedSchema = z
  .object({ sessions_ended: z.number().int().nonnegative().meta({ description: "How many live sessions ended." }) })
  .meta({ id: "SessionsEnded" });

export const accountSecuredSchema = z
  .object({
    detail: z.string(),
    sessions_ended: z.number().int().nonnegative().meta({ description: "How many live sessions ended, the caller's included." }),
    reset_code_sent: z.boolean().meta({
      description: "false when the reset cooldown or budgets refused a new code: one was sent moments ago (use it), or ask again on the reset page.",
    }),
    second_factors_removed: z.array(z.enum(["passkey", "totp", "recovery_codes"])).meta({
      description: "The second factors removed with the sessions because the reported event added them (or signed in with them); `detail` says so in words. Empty for other events.",
    }),
  })
  .meta({ id: "AccountSecured" });

// A renamed field in the use case's answer breaks the build instead of the documentation.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
export type SessionsSchemaChecks = [Assert<Same<z.infer<typeof accountSecuredSchema>, SecureAccountResult>>];

const noBody = "Nothing to send: `{}`, or no body at all.";

export const sessionsOperations: ApiOperation[] = [
  {
    path: "/api/sessions/{id}/",
    method: "delete",
    operationId: "deleteSession",
    tag: "Sessions",
    summary: "End one of the caller's sessions",
    description: "The REST form of POST /api/sessions/revoke/. Another user's session, one already ended, or an id that is not a UUID is `not_found` (and nothing ends).",
    access: "user",
    params: { path: z.object({ id: z.string().meta({ description: "A session id from GET /api/sessions/.", examples: [SESSION_ID] }) }) },
    responses: { 204: { description: "Ended; no body." } },
    errors: ["not_found"],
    errorDetails: { not_found: "No such active session." },
  },
  {
    path: "/api/sessions/revoke-others/",
    method: "post",
    operationId: "revokeOtherSessions",
    tag: "Sessions",
    summary: "Sign out everywhere else",
    description: `Every live session of the caller ends except the one making the request; one transaction, audited. ${noBody}`,
    access: "user",
    body: { schema: emptyActionSchema, example: {}, required: false },
    responses: { 200: { description: "How many sessions ended (0 when no other device was signed in).", schema: sessionsEndedSchema, example: { sessions_ended: 2 } } },
  },
  {
    path: "/api/logout/all/",
    method: "post",
    operationId: "logoutEverywhere",
    tag: "Sessions",
    summary: "Sign out everywhere",
    description: `Every live session of the caller ends, the one making the request too; one transaction, audited. With the cookie transport the cookies are cleared, as on logout. ${noBody}`,
    access: "user",
    body: { schema: emptyActionSchema, example: {}, required: false },
    responses: { 205: { description: "Signed out everywhere; no body." } },
  },
  {
    path: "/api/account/secure/",
    method: "post",
    operationId: "secureAccount",
    tag: "Account",
    summary: "\"This wasn't me\": end every session and send a password-reset code",
    description:
      "For an owner who does not recognise a sign-in or another security event: every session ends (the caller's too; the cookies are cleared with the cookie transport) and a password-reset code goes to the account's address, under the same cooldown and budgets as POST /api/password/reset/; the sessions end even when those refuse a new code. `event_id` names the event reported (an id of the caller's own audit events), recorded in the audit row. A second factor that event added goes too, in the same transaction, since a password reset alone would leave it working for whoever added it: a passkey's addition or a sign-in made with a passkey removes that passkey; an authenticator app's addition (`mfa_enabled`, or `totp_added` beside a passkey) removes that app if it is still the account's (not one set up since), and the recovery codes shown at that enrolment if they are still the account's (not made since). When no second factor is left, the recovery codes go too and signing in needs the password alone. `second_factors_removed` and `detail` say what went.",
    access: "user",
    body: { schema: secureAccountSchema, example: { event_id: "1042" }, required: false },
    responses: {
      200: {
        description: "Every session ended; whether a new reset code went out.",
        schema: accountSecuredSchema,
        example: {
          detail: "Every session of your account has ended. A code to reset your password is on its way to your email address. The authenticator app added then is removed.",
          sessions_ended: 3,
          reset_code_sent: true,
          second_factors_removed: ["totp"],
        },
      },
    },
    errors: ["not_found"],
    errorDetails: { not_found: "No such security event on your account." },
  },
];
