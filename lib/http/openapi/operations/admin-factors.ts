import { z } from "zod";
import { passkeyListSchema } from "@/lib/http/schemas/passkeys";
import { idPath, staffOnly } from "@/lib/http/openapi/operations/admin";
import type { ApiOperation } from "@/lib/http/openapi/types";

/**
 * An operator's way out for an owner who lost a second factor: all of them at once, or one passkey. The
 * owner is emailed; staff accounts are a superuser's; nobody removes their own here.
 */

const PASSKEY_ID = "0b9a3c2e-5d41-4f7a-9e0c-2a6b8d1f4c37";
const PASSKEY = { id: PASSKEY_ID, name: "Pixel 9", created_at: "2026-12-02T10:00:00.000Z", last_used_at: "2026-12-06T08:12:00.000Z", device_type: "multiDevice", backed_up: true };

export const adminFactorOperations: ApiOperation[] = [
  {
    ...staffOnly,
    path: "/api/admin/users/{id}/mfa/",
    method: "delete",
    operationId: "adminRemoveUserSecondFactors",
    summary: "Remove every second factor of a locked-out account",
    description:
      "Its authenticator app, passkeys and recovery codes go, in one transaction with the audit event `mfa_disabled_by_admin`; the owner is emailed (a verified address) and can sign in with the password alone, then enrol again. Staff accounts are for superusers; nobody removes their own here (the dashboard turns them off, with the password and a code).",
    params: { path: idPath },
    responses: { 204: { description: "Removed; no body." } },
    errors: ["not_found", "mfa_not_enabled"],
    errorDetails: { not_found: "No such user.", forbidden: "You cannot remove your own second factors here: turn them off on your dashboard.", mfa_not_enabled: "This account has no second factor to remove." },
  },
  {
    ...staffOnly,
    path: "/api/admin/users/{id}/passkeys/",
    method: "get",
    operationId: "adminListUserPasskeys",
    summary: "An account's passkeys",
    description: "As GET /api/passkeys/ lists them to their owner (oldest first; never a key or credential ID).",
    params: { path: idPath },
    responses: { 200: { description: "Oldest first.", schema: passkeyListSchema, example: { passkeys: [PASSKEY] } } },
    errors: ["not_found"],
    errorDetails: { not_found: "No such user." },
  },
  {
    ...staffOnly,
    path: "/api/admin/users/{id}/passkeys/{pid}/",
    method: "delete",
    operationId: "adminRemoveUserPasskey",
    summary: "Remove one passkey of an account",
    description:
      "For an owner who lost it. In one transaction with the audit event `passkey_removed_by_admin` (its name and id); when it was the account's last second factor, the recovery codes go with it. The owner is emailed (a verified address). Another account's passkey, or an id that is not one, is `not_found`. Staff accounts are for superusers; nobody removes their own here (the dashboard does, with a recent second factor).",
    params: { path: idPath.extend({ pid: z.uuid().meta({ description: "A passkey id from GET /api/admin/users/{id}/passkeys/.", examples: [PASSKEY_ID] }) }) },
    responses: { 204: { description: "Removed; no body." } },
    errors: ["not_found"],
    errorDetails: { not_found: "No such passkey.", forbidden: "You cannot remove your own passkeys here: remove them on your dashboard." },
  },
];
