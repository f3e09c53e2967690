import {
  loginSchema,
  logoutSchema,
  passwordChangeSchema,
  passwordResetConfirmSchema,
  passwordResetSchema,
  firstAdminSchema,
  registerSchema,
  resendSchema,
  verifySchema,
} from "@/lib/validation/auth";
import { refreshRequestSchema } from "@/lib/http/schemas/requests";
import { mfaLoginSchema } from "@/lib/validation/mfa";
import { detailSchema, firstAdminCreatedSchema, registeredSchema, signedInSchema, signedInWithSecondFactorSchema, tokenPairSchema, verifiedSchema } from "@/lib/http/schemas/responses";
import type { ApiOperation } from "@/lib/http/openapi/types";

const ACCESS = "eyJhbGciOiJFZERTQSIsImtpZCI6Ii4uLiIsInR5cCI6ImF0K2p3dCJ9.eyJ0b2tlbl90eXBlIjoiYWNjZXNzIn0.c2lnbmF0dXJl";
const REFRESH = "eyJhbGciOiJFZERTQSIsImtpZCI6Ii4uLiIsInR5cCI6InJlZnJlc2grand0In0.eyJ0b2tlbl90eXBlIjoicmVmcmVzaCJ9.c2lnbmF0dXJl";
const DEVICE = "eyJhbGciOiJIUzI1NiIsInR5cCI6ImRldmljZStqd3QifQ.eyJjdiI6MH0.c2lnbmF0dXJl";
const PASSWORD = "Vq8#mZ2!rTx9";
const CODE_ERRORS = ["otp_invalid", "otp_expired", "otp_exhausted", "otp_locked"] as const;

/** Sign-up, codes, sign-in and the token lifecycle. */
export const authOperations: ApiOperation[] = [
  {
    path: "/api/register/",
    method: "post",
    operationId: "register",
    tag: "Sign-up and verification",
    summary: "Create an account",
    description:
      "The account is active at once and a 6-digit code is emailed. Passwords: 8 to 128 characters, not a common password, not numeric only, not containing the email or user name. Duplicates (emails compare case-insensitively after NFKC normalisation) are `validation_error` on `email` / `user_name`.",
    access: "anonymous",
    issuesTokens: true,
    body: { schema: registerSchema, example: { email: "ada@example.com", user_name: "ada", password: PASSWORD, password2: PASSWORD } },
    responses: {
      201: {
        description: "Registered; the pair belongs to a new session (`verified` is not yet in the access token).",
        schema: registeredSchema,
        example: { response: "Registration Successful!", user: { id: "3f0c9a52-6d1e-4a57-9b1a-2a8f0b9d4c11", email: "ada@example.com", user_name: "ada", is_verified: false }, access: ACCESS, refresh: REFRESH },
      },
    },
    errors: ["rate_limited"],
  },
  {
    path: "/api/setup/",
    method: "post",
    operationId: "createFirstAdmin",
    tag: "Sign-up and verification",
    summary: "Create the first administrator with the server's setup link",
    description:
      "While no staff account exists, the server prints a one-time setup link (`/setup#<token>`, valid 1 hour) on its console at start. Its token creates one verified staff superuser with the register rules and signs them in. Once any staff account exists every link is refused with `setup_closed`; a wrong, expired or used token is `setup_link_invalid` (one answer for all three). Shares the per-IP limit of /api/register/.",
    access: "anonymous",
    issuesTokens: true,
    body: { schema: firstAdminSchema, example: { token: "Jq3v0f8yXo2kR1bW6hPzT9cLmA4sDuE7gNiV5KeHxYw", email: "ada@example.com", user_name: "ada", password: PASSWORD, password2: PASSWORD } },
    responses: {
      201: {
        description: "Created and signed in: a new session of the new superuser.",
        schema: firstAdminCreatedSchema,
        example: { user: { id: "3f0c9a52-6d1e-4a57-9b1a-2a8f0b9d4c11", email: "ada@example.com", user_name: "ada" }, access: ACCESS, refresh: REFRESH },
      },
    },
    errors: ["setup_link_invalid", "setup_closed", "rate_limited"],
  },
  {
    path: "/api/verify/",
    method: "post",
    operationId: "verifyEmail",
    tag: "Sign-up and verification",
    summary: "Verify the email with its code",
    description:
      "Optionally authenticated: when the token belongs to the account being verified, the answer carries a fresh pair in the same session whose access token says `verified: true`. A wrong code and an unknown email get the same answer.",
    access: "optional",
    issuesTokens: true,
    body: { schema: verifySchema, example: { email: "ada@example.com", otp: "123456" } },
    responses: { 200: { description: "Verified.", schema: verifiedSchema, example: { detail: "verified", access: ACCESS, refresh: REFRESH } } },
    errors: [...CODE_ERRORS, "rate_limited"],
  },
  {
    path: "/api/verify/resend/",
    method: "post",
    operationId: "resendVerificationCode",
    tag: "Sign-up and verification",
    summary: "Send a new verification code",
    description: "The same answer for every email; the previous code stops working.",
    access: "anonymous",
    body: { schema: resendSchema, example: { email: "ada@example.com" } },
    responses: { 200: { description: "Accepted.", schema: detailSchema, example: { detail: "If this email belongs to an account that is not yet verified, a new code is on its way." } } },
    errors: ["otp_cooldown", "rate_limited"],
  },
  {
    path: "/api/login/",
    method: "post",
    operationId: "login",
    tag: "Sessions",
    summary: "Sign in",
    description:
      "An unknown email, a wrong password and an inactive account get the same 401. Failures are counted per account and client: a client that signed in to this account before (its `device_token`, or the browser's device cookie) has a budget of its own; every other client shares the account's strangers' budget. Per budget, 5 failures are free, then each further attempt waits twice as long (1 s up to 15 min), and the 100th failure in 24 h closes that budget until the day is over (429 `rate_limited` with Retry-After); a password reset by code clears them all. Parallel attempts are counted like consecutive ones. A browser signing in with the cookie transport gives up the session its cookies held. A browser this account remembered at a second step (its cookie, or `trusted_browser_token`) skips the second step: the session is at aal 1 with `amr` [`pwd`, `rbrowser`], and sensitive changes ask it for a step-up.",
    access: "anonymous",
    issuesTokens: true,
    body: { schema: loginSchema, example: { email: "ada@example.com", password: PASSWORD } },
    responses: { 200: { description: "Signed in: a new session.", schema: signedInSchema, example: { access: ACCESS, refresh: REFRESH, device_token: DEVICE } } },
    errors: ["authentication_failed", "mfa_required", "rate_limited"],
    errorDetails: { mfa_required: "The password is right and the account has a second factor: no tokens yet. Finish with `POST /api/login/mfa/` and the `mfa_token` of this answer." },
  },
  {
    path: "/api/login/mfa/",
    method: "post",
    operationId: "loginSecondFactor",
    tag: "Sessions",
    summary: "Finish a sign-in with the second factor",
    description:
      "The second step after `POST /api/login/` answered 403 `mfa_required`: its `mfa_token` and either `code` (six digits from the authenticator app, one 30-second step of drift either way, each code accepted once) or `recovery_code` (each usable once), or `passkey`: what startAuthentication() answered for the options of `POST /api/passkeys/login/options/` with this `mfa_token` (that account's passkeys only; the challenge is bound to this step). The new session is at `aal` 2 and its tokens' `amr` names both factors (`pwd` and `otp`, `pwd` and `rcode`, or `pwd`, `hwk`/`swk` and `user`). A refused passkey is 400 `passkey_invalid` and counts as a wrong code. The token lives 5 minutes and completes one sign-in; five wrong codes spend it (429 `mfa_attempts_exhausted`: sign in again), and wrong second factors also count against the account's daily budget (OTP_ACCOUNT_MAX_ATTEMPTS, then 429 `otp_locked`). A spent, capped, expired or unknown token, or one whose account changed its password or was deactivated since, is 400 `mfa_token_invalid`, even with a right code. With `remember_browser: true` the browser is remembered for 30 days (an httpOnly, SameSite=Strict cookie with the cookie transport, `trusted_browser_token` otherwise): its next sign-ins to this account skip this step, at aal 1 with `amr` [`pwd`, `rbrowser`].",
    access: "anonymous",
    issuesTokens: true,
    body: { schema: mfaLoginSchema, example: { mfa_token: "3q2-7wZk0mQ1s9yBvX4cT8nR5eJ6hL2pA0dG7fU1iK4", code: "492039" } },
    responses: {
      200: {
        description: "Signed in at two factors: a new session.",
        schema: signedInWithSecondFactorSchema,
        example: { access: ACCESS, refresh: REFRESH, device_token: DEVICE, trusted_browser_token: "Xq3pL0vN8cT2mK6sR9aF1bY4dH7jW5eZ0uI3oP6gQ2w" },
      },
    },
    errors: ["mfa_code_invalid", "mfa_token_invalid", "mfa_attempts_exhausted", "otp_locked", "passkey_invalid", "passkey_challenge_invalid", "passkeys_unavailable"],
  },
  {
    path: "/api/refresh/",
    method: "post",
    operationId: "refresh",
    tag: "Sessions",
    summary: "Rotate the refresh token",
    description:
      "A new pair; the refresh token presented is used up (REFRESH_ROTATION=rotate-blacklist). Re-presenting it within REFRESH_REUSE_GRACE seconds returns the identical successor pair; later, it counts as stolen and the whole session ends. With the cookie transport the body may be `{}` and the refresh cookie is used.",
    access: "anonymous",
    issuesTokens: true,
    body: { schema: refreshRequestSchema, example: { refresh: REFRESH } },
    responses: { 200: { description: "The new pair (only `access` when REFRESH_ROTATION=off).", schema: tokenPairSchema, example: { access: ACCESS, refresh: REFRESH } } },
    errors: ["token_not_valid", "user_inactive"],
    errorDetails: { token_not_valid: "Token is blacklisted" },
  },
  {
    path: "/api/logout/",
    method: "post",
    operationId: "logout",
    tag: "Sessions",
    summary: "Sign out",
    description:
      "Ends the token's whole session: every refresh token of its rotation family and the access tokens tied to it. With the cookie transport the body may be `{}`; the cookies are cleared whatever state they were in.",
    access: "anonymous",
    issuesTokens: true,
    body: { schema: logoutSchema, example: { refresh: REFRESH } },
    responses: { 205: { description: "Signed out; no body." } },
    errors: ["token_not_valid"],
    errorDetails: { token_not_valid: "Token is blacklisted" },
  },
  {
    path: "/api/password/change/",
    method: "post",
    operationId: "changePassword",
    tag: "Password",
    summary: "Change the password",
    description:
      "Every other session of the account ends; this one stays. A wrong current password is a `validation_error` on `current_password` and counts like a failed sign-in. An account with a second factor must have proved it to this session within the last 10 minutes (`step_up_required` otherwise: `POST /api/mfa/verify/`).",
    access: "user",
    body: { schema: passwordChangeSchema, example: { current_password: PASSWORD, password: "N3w-long-passphrase", password2: "N3w-long-passphrase" } },
    responses: { 200: { description: "Changed.", schema: detailSchema, example: { detail: "password changed" } } },
    errors: ["step_up_required", "rate_limited"],
  },
  {
    path: "/api/password/reset/",
    method: "post",
    operationId: "requestPasswordReset",
    tag: "Password",
    summary: "Email a password-reset code",
    description: "The same answer for every email. Reset codes and verification codes are separate: one never works for the other.",
    access: "anonymous",
    body: { schema: passwordResetSchema, example: { email: "ada@example.com" } },
    responses: { 200: { description: "Accepted.", schema: detailSchema, example: { detail: "If this email belongs to an account, a code to reset its password is on its way." } } },
    errors: ["otp_cooldown", "rate_limited"],
  },
  {
    path: "/api/password/reset/confirm/",
    method: "post",
    operationId: "confirmPasswordReset",
    tag: "Password",
    summary: "Set a new password with the reset code",
    description: "The password is replaced, the email counts as verified and every session of the account ends. A weak or mismatched password leaves the code usable. A refused code (`otp_invalid`, `otp_expired`, `otp_exhausted`) carries `errors.otp` and `errors.password` when the password is also common, numeric only or like the typed email; likeness to the user name is judged only with the right code.",
    access: "anonymous",
    body: { schema: passwordResetConfirmSchema, example: { email: "ada@example.com", otp: "123456", password: "N3w-long-passphrase", password2: "N3w-long-passphrase" } },
    responses: { 200: { description: "Reset.", schema: detailSchema, example: { detail: "password reset" } } },
    errors: [...CODE_ERRORS, "rate_limited"],
  },
];
