import { emptyActionSchema } from "@/lib/http/schemas/requests";
import { recoveryCodesSchema, secondFactorStatusSchema, totpSetupSchema } from "@/lib/http/schemas/mfa";
import type { ApiOperation } from "@/lib/http/openapi/types";
import { totpConfirmSchema, totpRemoveSchema, totpSetupSchema as totpSetupRequestSchema } from "@/lib/validation/mfa";

const RECOVERY_CODES = ["K7QXM-4TZ9B", "3HNPW-YC8RD", "WQ2MT-J6KXA", "9FZRB-ND4HS", "TE5GV-8PMQC", "M4XJC-RZ7HW", "B2KDN-6TQVY", "ZH8WS-5CJRE", "P7NFA-Q3XKM", "GD9TV-W2BHN"];
const SECOND_FACTOR_ERRORS = { otp_locked: "Too many wrong codes for this account. Try again later." };

/** Second factors: the authenticator app (TOTP) and recovery codes. */
export const mfaOperations: ApiOperation[] = [
  {
    path: "/api/mfa/",
    method: "get",
    operationId: "getSecondFactors",
    tag: "Two-factor authentication",
    summary: "Which second factors are on",
    description: "For the dashboard: whether the authenticator app is on (or a setup is pending) and how many recovery codes remain. Never the secret.",
    access: "user",
    responses: {
      200: {
        description: "The caller's second factors.",
        schema: secondFactorStatusSchema,
        example: { enabled: true, methods: ["totp", "recovery_code"], totp: { enabled: true, enabled_at: "2026-12-07T16:02:08.000Z", setup_pending: false }, passkeys: { count: 0 }, recovery_codes: { remaining: 9 } },
      },
    },
  },
  {
    path: "/api/mfa/totp/setup/",
    method: "post",
    operationId: "startTotpSetup",
    tag: "Two-factor authentication",
    summary: "Start setting up an authenticator app",
    description:
      "Needs the password (throttled like a login) and a verified email. Answers a new secret, its otpauth URL and the QR code (SVG, drawn on this server); nothing changes at sign-in until POST /api/mfa/totp/confirm/. A new setup replaces an unconfirmed one. With the authenticator app already on: 409 `mfa_already_enabled` (turn it off first).",
    access: "verified",
    body: { schema: totpSetupRequestSchema, example: { password: "Vq8#mZ2!rTx9" } },
    responses: {
      200: {
        description: "The secret, shown this once.",
        schema: totpSetupSchema,
        example: {
          secret: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
          otpauth_url: "otpauth://totp/next-jwt-auth:ada%40example.com?issuer=next-jwt-auth&secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&algorithm=SHA1&digits=6&period=30",
          qr_svg: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 37 37" shape-rendering="crispEdges"><path fill="#ffffff" d="M0 0h37v37H0z"/><path stroke="#000000" d="M2 2.5h7"/></svg>',
        },
      },
    },
    errors: ["mfa_already_enabled", "rate_limited"],
    errorDetails: { rate_limited: "Too many wrong passwords: wait before trying again." },
  },
  {
    path: "/api/mfa/totp/confirm/",
    method: "post",
    operationId: "confirmTotpSetup",
    tag: "Two-factor authentication",
    summary: "Turn the authenticator app on with a current code",
    description:
      "A code from the app just set up (one 30-second step of drift either way) turns it on, and the answer carries the ten recovery codes, the only time they are shown. The code is spent: it cannot pass a sign-in too. Wrong codes count against the account's daily budget of second-factor attempts (OTP_ACCOUNT_MAX_ATTEMPTS), then 429 `otp_locked`.",
    access: "verified",
    body: { schema: totpConfirmSchema, example: { code: "492039" } },
    responses: { 200: { description: "On; the recovery codes, shown once.", schema: recoveryCodesSchema, example: { recovery_codes: RECOVERY_CODES } } },
    errors: ["mfa_code_invalid", "otp_locked", "mfa_setup_required", "mfa_already_enabled"],
    errorDetails: SECOND_FACTOR_ERRORS,
  },
  {
    path: "/api/mfa/totp/",
    method: "delete",
    operationId: "removeTotp",
    tag: "Two-factor authentication",
    summary: "Turn the authenticator app off",
    description:
      "Needs the password and a second factor: `code` from the app or one `recovery_code` (exactly one of them); the password alone is not enough. That proof is this action's step-up: no earlier one is asked for. Removing the last second factor removes the recovery codes too. Wrong codes count against the daily budget.",
    access: "user",
    body: { schema: totpRemoveSchema, example: { password: "Vq8#mZ2!rTx9", code: "492039" } },
    responses: { 204: { description: "Off; no body." } },
    errors: ["mfa_code_invalid", "otp_locked", "mfa_not_enabled", "rate_limited"],
    errorDetails: SECOND_FACTOR_ERRORS,
  },
  {
    path: "/api/mfa/recovery-codes/",
    method: "post",
    operationId: "regenerateRecoveryCodes",
    tag: "Two-factor authentication",
    summary: "Replace the recovery codes",
    description:
      "Ten new codes replace every earlier one, used or not; shown this once. Only with a second factor on, proved to this session within the last 10 minutes (a sign-in's second step or a step-up): `step_up_required` otherwise, with the `methods` to prove it with.",
    access: "user",
    body: { schema: emptyActionSchema, example: {}, required: false },
    responses: { 200: { description: "The new codes, shown once.", schema: recoveryCodesSchema, example: { recovery_codes: RECOVERY_CODES } } },
    errors: ["step_up_required", "mfa_not_enabled"],
  },
];
