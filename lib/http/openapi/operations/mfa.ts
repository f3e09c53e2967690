import { z } from "zod";
import { emptyActionSchema } from "@/lib/http/schemas/requests";
import { recoveryCodesSchema, secondFactorStatusSchema, totpConfirmedSchema, totpSetupSchema, trustedBrowserListSchema } from "@/lib/http/schemas/mfa";
import { tokenPairSchema } from "@/lib/http/schemas/responses";
import type { ApiOperation } from "@/lib/http/openapi/types";
import { stepUpSchema, totpConfirmSchema, totpRemoveSchema, totpSetupSchema as totpSetupRequestSchema } from "@/lib/validation/mfa";

const RECOVERY_CODES = ["K7QXM-4TZ9B", "3HNPW-YC8RD", "WQ2MT-J6KXA", "9FZRB-ND4HS", "TE5GV-8PMQC", "M4XJC-RZ7HW", "B2KDN-6TQVY", "ZH8WS-5CJRE", "P7NFA-Q3XKM", "GD9TV-W2BHN"];
const SECOND_FACTOR_ERRORS = { otp_locked: "Too many wrong codes for this account. Try again later." };
const STEP_UP = "An account with a second factor must have proved it to this session within the last 10 minutes (`step_up_required` with the `methods` otherwise: `POST /api/mfa/verify/`, then again). A session that skipped the second step on a remembered browser has proved none.";
const TRUSTED_BROWSER_ID = "8b1f4e2a-3c5d-4e6f-9a7b-0c1d2e3f4a5b";

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
      "Needs the password (throttled like a login) and a verified email. Answers a new secret, its otpauth URL and the QR code (SVG, drawn on this server); nothing changes at sign-in until POST /api/mfa/totp/confirm/. A new setup replaces an unconfirmed one. With the authenticator app already on: 409 `mfa_already_enabled` (turn it off first). Beside a passkey it needs a recent second factor (`step_up_required`).",
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
    errors: ["mfa_already_enabled", "step_up_required", "rate_limited"],
    errorDetails: { rate_limited: "Too many wrong passwords: wait before trying again.", step_up_required: "The account has a passkey: adding the app beside it needs a second factor proved to this session within the last 10 minutes, as adding another passkey does (`methods` lists the ways; `POST /api/mfa/verify/`, then again)." },
  },
  {
    path: "/api/mfa/totp/confirm/",
    method: "post",
    operationId: "confirmTotpSetup",
    tag: "Two-factor authentication",
    summary: "Turn the authenticator app on with a current code",
    description:
      "A code from the app just set up (one 30-second step of drift either way) turns it on. Recovery codes belong to the account, not to one factor: when the account has no unused one (the app is its first second factor), the answer carries ten new ones, the only time they are shown, and two-factor authentication turns on (audited `mfa_enabled`); when it already has unused codes (it signs in with a passkey too), they are kept and still work, `recovery_codes` is empty, and the app is audited `totp_added`. Either way `recovery_codes_remaining` says how many work now. The code is spent: it cannot pass a sign-in or a step-up too. It proves the app as a step-up's code would, so the confirming session is raised in place in the same transaction, exactly as `POST /api/mfa/verify/` raises it (`aal` 2, `amr` gains `otp`, `auth_time` now), and the answer carries its fresh pair beside the codes (cookies with the cookie transport; the refresh token sent before is spent, as after a rotation): for 10 minutes the changes that need a recent second factor pass, and a staff account reaches the admin API. Wrong codes count against the account's daily budget of second-factor attempts (OTP_ACCOUNT_MAX_ATTEMPTS), then 429 `otp_locked`.",
    access: "verified",
    issuesTokens: true,
    body: { schema: totpConfirmSchema, example: { code: "492039" } },
    responses: {
      200: {
        description: "On; new recovery codes, shown once, or none when the account's are kept; the session's fresh pair at two factors (no tokens in the body with the cookie transport).",
        schema: totpConfirmedSchema,
        example: { recovery_codes: RECOVERY_CODES, recovery_codes_remaining: 10, access: "eyJhbGciOiJFZERTQSJ9.e30.c2ln", refresh: "eyJhbGciOiJFZERTQSJ9.e30.c2ln" },
      },
    },
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
      "Needs the password and a second factor: `code` from the app or one `recovery_code` (exactly one of them); the password alone is not enough. That proof is this action's step-up: no earlier `POST /api/mfa/verify/` is asked for (a code is accepted once, so it would only make you wait for the next one). Every remembered browser is forgotten; removing the last second factor removes the recovery codes too, in the same transaction. The account's verified address is emailed. Wrong codes count against the daily budget.",
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
    description: `Ten new codes replace every earlier one, used or not; shown this once; the account's verified address is emailed. Only with a second factor on. ${STEP_UP}`,
    access: "user",
    body: { schema: emptyActionSchema, example: {}, required: false },
    responses: { 200: { description: "The new codes, shown once.", schema: recoveryCodesSchema, example: { recovery_codes: RECOVERY_CODES } } },
    errors: ["mfa_not_enabled", "step_up_required"],
  },
  {
    path: "/api/mfa/verify/",
    method: "post",
    operationId: "stepUp",
    tag: "Two-factor authentication",
    summary: "Prove a second factor again (step-up)",
    description:
      "For the changes that need a recent second factor (password, email, new recovery codes): `code` from the app, one `recovery_code`, or `passkey`: what startAuthentication() answered for the options of `POST /api/passkeys/step-up/options/` (exactly one). The current session is raised in place to `aal` 2 with `auth_time` now and `amr` naming the first factor and this one (`otp`, `rcode`, or a passkey's `hwk`/`swk` and `user`; a remembered browser's `rbrowser` goes), and the answer is a fresh pair of that session (cookies with the cookie transport); for 10 minutes the sensitive changes pass. Each code is accepted once; wrong codes, and refused passkeys (400 `passkey_invalid`), count against the account's daily budget (OTP_ACCOUNT_MAX_ATTEMPTS, then 429 `otp_locked`). A recovery code used here is emailed like one used at sign-in.",
    access: "user",
    issuesTokens: true,
    body: { schema: stepUpSchema, example: { code: "492039" } },
    responses: { 200: { description: "The session at two factors: its fresh pair (`{}` with the cookie transport).", schema: tokenPairSchema, example: { access: "eyJhbGciOiJFZERTQSJ9.e30.c2ln", refresh: "eyJhbGciOiJFZERTQSJ9.e30.c2ln" } } },
    errors: ["mfa_code_invalid", "otp_locked", "mfa_not_enabled", "passkey_invalid", "passkey_challenge_invalid", "passkeys_unavailable"],
    errorDetails: SECOND_FACTOR_ERRORS,
  },
  {
    path: "/api/mfa/trusted-browsers/",
    method: "get",
    operationId: "listTrustedBrowsers",
    tag: "Two-factor authentication",
    summary: "The remembered browsers",
    description:
      "The browsers remembered at a sign-in's second step (\"Remember this browser\", 30 days) that have not expired: each skips the second step when signing in to this account with the password. `current` marks the browser asking (its cookie).",
    access: "user",
    responses: {
      200: {
        description: "The caller's remembered browsers.",
        schema: trustedBrowserListSchema,
        example: {
          trusted_browsers: [
            {
              id: TRUSTED_BROWSER_ID,
              device: "Firefox on Linux",
              created_at: "2026-12-07T16:02:08.000Z",
              last_used_at: "2026-12-09T08:41:55.000Z",
              expires_at: "2027-01-06T16:02:08.000Z",
              current: true,
            },
          ],
        },
      },
    },
  },
  {
    path: "/api/mfa/trusted-browsers/",
    method: "delete",
    operationId: "forgetAllTrustedBrowsers",
    tag: "Two-factor authentication",
    summary: "Forget every remembered browser",
    description: "Each asks for the second factor at its next sign-in; audited. With the cookie transport this browser's cookie is removed too.",
    access: "user",
    responses: { 204: { description: "Forgotten (also when there was none); no body." } },
  },
  {
    path: "/api/mfa/trusted-browsers/{id}/",
    method: "delete",
    operationId: "forgetTrustedBrowser",
    tag: "Two-factor authentication",
    summary: "Forget one remembered browser",
    description: "That browser asks for the second factor at its next sign-in; audited. Another user's, or an id that is not a UUID, is `not_found` (and nothing is forgotten).",
    access: "user",
    params: { path: z.object({ id: z.string().meta({ description: "An id from GET /api/mfa/trusted-browsers/.", examples: [TRUSTED_BROWSER_ID] }) }) },
    responses: { 204: { description: "Forgotten; no body." } },
    errors: ["not_found"],
    errorDetails: { not_found: "No such remembered browser." },
  },
];
