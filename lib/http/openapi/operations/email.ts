import { z } from "zod";
import { accessTokenSchema, detailSchema, refreshTokenSchema } from "@/lib/http/schemas/responses";
import type { ApiOperation } from "@/lib/http/openapi/types";
import { emailChangeConfirmSchema, emailChangeSchema } from "@/lib/validation/auth";

const emailChangedSchema = z
  .object({
    detail: z.literal("email changed"),
    email: z.string().meta({ description: "The account's address from now on.", examples: ["ada@example.org"] }),
    access: accessTokenSchema.optional(),
    refresh: refreshTokenSchema.optional(),
  })
  .meta({ id: "EmailChanged", description: "Tokens only when the account was unverified until now (the typo case): a fresh pair in the same session with `verified: true`." });

/** Moving an account to another address, verified or not (a typo at registration). */
export const emailOperations: ApiOperation[] = [
  {
    path: "/api/email/change/",
    method: "post",
    operationId: "requestEmailChange",
    tag: "Account",
    summary: "Ask to move the account to another address",
    description:
      "Needs the current password (throttled like a login). A 6-digit code goes to the new address, with the budgets and cooldown of the other codes; the caller's earlier email-change code stops working. The answer is the same when the address already has an account: its owner then gets a notice and no code. Works for an unverified account too (correcting a typo from /verify). An account with a second factor must have proved it to this session within the last 10 minutes (`step_up_required` otherwise).",
    access: "user",
    body: { schema: emailChangeSchema, example: { password: "Vq8#mZ2!rTx9", new_email: "ada@example.org" } },
    responses: { 200: { description: "A code is on its way to the new address.", schema: detailSchema, example: { detail: "We sent a code to ada@example.org. Enter it to confirm the change." } } },
    errors: ["step_up_required", "otp_cooldown", "rate_limited"],
  },
  {
    path: "/api/email/change/confirm/",
    method: "post",
    operationId: "confirmEmailChange",
    tag: "Account",
    summary: "Confirm the new address with its code",
    description:
      "In one transaction: the address changes (and is verified), every other session ends, the code is used and the change is audited. A verified old address is told by email. If another account took the address meanwhile: 409 `email_taken`.",
    access: "user",
    issuesTokens: true,
    body: { schema: emailChangeConfirmSchema, example: { otp: "123456" } },
    responses: { 200: { description: "The account has its new address.", schema: emailChangedSchema, example: { detail: "email changed", email: "ada@example.org" } } },
    errors: ["otp_invalid", "otp_expired", "otp_exhausted", "otp_locked", "email_taken", "rate_limited"],
  },
];
