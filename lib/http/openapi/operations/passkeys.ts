import { z } from "zod";
import { emptyActionSchema } from "@/lib/http/schemas/requests";
import { addedPasskeySchema, creationOptionsSchema, passkeyListSchema, passkeySchema, passkeyStatusSchema, requestOptionsSchema } from "@/lib/http/schemas/passkeys";
import type { ApiOperation } from "@/lib/http/openapi/types";
import { signedInSchema } from "@/lib/http/schemas/responses";
import { passkeyLoginOptionsSchema, passkeyLoginSchema, passkeyRegisterSchema, passkeyRenameSchema } from "@/lib/validation/mfa";

const TAG = "Passkeys";
const PASSKEY_ID = "0b9a3c2e-5d41-4f7a-9e0c-2a6b8d1f4c37";
const PASSKEY = { id: PASSKEY_ID, name: "Chrome on Linux", created_at: "2026-12-07T16:40:02.000Z", last_used_at: null, device_type: "multiDevice", backed_up: true };
const CHALLENGE = "dGhpcy1pcy1hLWNoYWxsZW5nZS1vZi0zMi1ieXRlcw";
const CREDENTIAL_ID = "q3kW8o5pT0m1Jc2bV7xY9zA4sD6fG8hJ0kL2nP4rS6u";
/** A registration answer's shape (the values are made up; a real one comes from startRegistration()). */
const REGISTRATION_RESPONSE = {
  id: CREDENTIAL_ID,
  rawId: CREDENTIAL_ID,
  type: "public-key",
  response: { clientDataJSON: "eyJ0eXBlIjoid2ViYXV0aG4uY3JlYXRlIn0", attestationObject: "o2NmbXRkbm9uZWdhdHRTdG10oGhhdXRoRGF0YVjE", transports: ["internal", "hybrid"] },
  clientExtensionResults: {},
  authenticatorAttachment: "platform",
};
export const UNAVAILABLE = "passkeys_unavailable";
const STEP_UP = "An account with a second factor must have proved one to this session within the last 10 minutes (`step_up_required` otherwise: `POST /api/mfa/verify/`).";
const idParam = { path: z.object({ id: z.string().meta({ description: "A passkey id from GET /api/passkeys/.", examples: [PASSKEY_ID] }) }) };

/** Passkeys (WebAuthn): adding, listing, renaming and removing; sign-in with one is in passkeyLoginOperations. */
export const passkeyOperations: ApiOperation[] = [
  {
    path: "/api/passkeys/status/",
    method: "get",
    operationId: "getPasskeyStatus",
    tag: TAG,
    summary: "Whether this server offers passkeys",
    description: "Passkeys belong to APP_URL's host name. When APP_URL names an IP address (which WebAuthn refuses as a relying party), passkeys are off: the server says so once at start, the pages hide them, and every other passkey endpoint answers 404 `passkeys_unavailable`.",
    access: "public",
    responses: { 200: { description: "Available or not.", schema: passkeyStatusSchema, example: { available: true } } },
  },
  {
    path: "/api/passkeys/",
    method: "get",
    operationId: "listPasskeys",
    tag: TAG,
    summary: "The caller's passkeys",
    access: "user",
    responses: { 200: { description: "Oldest first.", schema: passkeyListSchema, example: { passkeys: [PASSKEY] } } },
  },
  {
    path: "/api/passkeys/register/options/",
    method: "post",
    operationId: "startPasskeyRegistration",
    tag: TAG,
    summary: "Start adding a passkey",
    description: `Answers the options for navigator.credentials.create() (through @simplewebauthn/browser): a discoverable credential with user verification required, no attestation, the caller's passkeys excluded. The challenge is stored on the server, single-use, for five minutes, bound to the registration and the caller. Needs a verified email. ${STEP_UP} At most 20 passkeys an account. No body.`,
    access: "verified",
    body: { schema: emptyActionSchema, example: {}, required: false },
    responses: {
      200: {
        description: "PublicKeyCredentialCreationOptionsJSON.",
        schema: creationOptionsSchema,
        example: {
          challenge: CHALLENGE,
          rp: { name: "next-jwt-auth", id: "auth.example.com" },
          user: { id: "Cz4sUa0ET0aX0N7nqv6Z1w", name: "ada@example.com", displayName: "ada" },
          pubKeyCredParams: [{ alg: -8, type: "public-key" }, { alg: -7, type: "public-key" }, { alg: -257, type: "public-key" }],
          timeout: 300000,
          attestation: "none",
          excludeCredentials: [],
          authenticatorSelection: { residentKey: "required", userVerification: "required", requireResidentKey: true },
          extensions: { credProps: true },
          hints: [],
        },
      },
    },
    errors: ["step_up_required", "passkey_limit_reached", UNAVAILABLE],
  },
  {
    path: "/api/passkeys/register/verify/",
    method: "post",
    operationId: "finishPasskeyRegistration",
    tag: TAG,
    summary: "Add the passkey",
    description: `\`passkey\`: what startRegistration() answered (RegistrationResponseJSON); \`name\` (optional, 1-64 characters): else the browser's name ("Chrome on Linux"). The challenge is spent whatever the outcome; the origin must be APP_URL's and the relying party its host, the user verified. When it is the account's first second factor, a password alone no longer signs in; when the account has no unused recovery code (its first factor, or every code spent), the answer carries ten, the only time they are shown (unused ones are kept). Audited (\`passkey_added\`) and emailed. ${STEP_UP}`,
    access: "verified",
    body: { schema: passkeyRegisterSchema, example: { passkey: REGISTRATION_RESPONSE, name: "Laptop" } },
    responses: {
      201: {
        description: "Added.",
        schema: addedPasskeySchema,
        example: { passkey: PASSKEY, recovery_codes: ["K7QXM-4TZ9B", "3HNPW-YC8RD", "WQ2MT-J6KXA", "9FZRB-ND4HS", "TE5GV-8PMQC", "M4XJC-RZ7HW", "B2KDN-6TQVY", "ZH8WS-5CJRE", "P7NFA-Q3XKM", "GD9TV-W2BHN"] },
      },
    },
    errors: ["passkey_invalid", "passkey_challenge_invalid", "step_up_required", "passkey_limit_reached", UNAVAILABLE],
  },
  {
    path: "/api/passkeys/{id}/",
    method: "patch",
    operationId: "renamePasskey",
    tag: TAG,
    summary: "Rename a passkey",
    description: "Another account's passkey, or an id that is not one, is `not_found`.",
    access: "user",
    params: idParam,
    body: { schema: passkeyRenameSchema, example: { name: "Work phone" } },
    responses: { 200: { description: "Renamed.", schema: passkeySchema, example: { ...PASSKEY, name: "Work phone" } } },
    errors: ["not_found"],
  },
  {
    path: "/api/passkeys/{id}/",
    method: "delete",
    operationId: "removePasskey",
    tag: TAG,
    summary: "Remove a passkey",
    description: `Another account's passkey, or an id that is not one, is \`not_found\`. ${STEP_UP} Removing the account's last second factor removes its recovery codes too. Audited (\`passkey_removed\`) and emailed.`,
    access: "user",
    params: idParam,
    responses: { 204: { description: "Removed; no body." } },
    errors: ["not_found", "step_up_required"],
  },
  {
    path: "/api/passkeys/login/options/",
    method: "post",
    operationId: "startPasskeySignIn",
    tag: TAG,
    summary: "Start signing in with a passkey",
    description:
      "No body (or `{}`): options for a passkey sign-in with discoverable credentials (no `allowCredentials`: the browser offers the passkeys it holds for this site, also as autofill with conditional mediation), user verification required. With `{\"mfa_token\"}` of a password step that answered `mfa_required`: options for that second step, restricted to that account's passkeys. The challenge is stored on the server, single-use, 5 minutes, bound to the ceremony (and the second step). Spends a budget of its own, 600 per address per 15 minutes (the sign-in page asks on every view, for its autofill), not the address's sign-in budget, which only the verification spends.",
    access: "anonymous",
    body: { schema: passkeyLoginOptionsSchema, example: {}, required: false },
    responses: { 200: { description: "PublicKeyCredentialRequestOptionsJSON.", schema: requestOptionsSchema, example: { challenge: CHALLENGE, timeout: 300000, userVerification: "required", rpId: "auth.example.com" } } },
    errors: ["mfa_token_invalid", "passkey_invalid", "rate_limited", UNAVAILABLE],
    errorDetails: { passkey_invalid: "This account has no passkey: finish signing in another way." },
  },
  {
    path: "/api/passkeys/login/verify/",
    method: "post",
    operationId: "signInWithPasskey",
    tag: TAG,
    summary: "Sign in with a passkey",
    description:
      "`passkey`: what startAuthentication() answered for options without an mfa_token. A passkey with user verification is two factors in one: the session is at `aal` 2 with `amr` `[\"hwk\", \"user\"]` (a single-device credential) or `[\"swk\", \"user\"]` (a synced one), and no second step follows. The same limits as a password sign-in (the address's budget and the account's, `device_token` as there), `login_succeeded` audited with the amr, new devices emailed. An unknown credential, a deactivated account, a wrong signature, origin or relying party, a missing user verification and a signature counter that went back (a cloned key: audited `passkey_clone_detected`) are all 401 `authentication_failed`, the same code and sentence; only a credential this server does not hold (removed, or its account deleted) adds `\"unknown_credential\": true`, for the page to call signalUnknownCredential so the browser stops offering it (a deactivated account's passkey never gets it). A spent or expired challenge is 400 `passkey_challenge_invalid`.",
    access: "anonymous",
    issuesTokens: true,
    body: {
      schema: passkeyLoginSchema,
      example: {
        passkey: {
          id: CREDENTIAL_ID,
          rawId: CREDENTIAL_ID,
          type: "public-key",
          response: { clientDataJSON: "eyJ0eXBlIjoid2ViYXV0aG4uZ2V0In0", authenticatorData: "SZYN5YgOjGh0NBcPZHZgW4_krrmihjLHmVzzuoMdl2MFAAAAAQ", signature: "MEUCIQDdZXhhbXBsZS1zaWduYXR1cmU", userHandle: "Cz4sUa0ET0aX0N7nqv6Z1w" },
          clientExtensionResults: {},
          authenticatorAttachment: "platform",
        },
      },
    },
    responses: { 200: { description: "Signed in at two factors: a new session.", schema: signedInSchema, example: { access: "eyJhbGciOiJFZERTQSJ9.eyJhYWwiOjJ9.c2ln", refresh: "eyJhbGciOiJFZERTQSJ9.eyJ0b2tlbl90eXBlIjoicmVmcmVzaCJ9.c2ln" } } },
    errors: ["authentication_failed", "passkey_challenge_invalid", "passkey_invalid", "rate_limited", UNAVAILABLE],
  },
  {
    path: "/api/passkeys/step-up/options/",
    method: "post",
    operationId: "startPasskeyStepUp",
    tag: TAG,
    summary: "Start a step-up with a passkey",
    description: "Options for confirming it is you with a passkey before a sensitive action (then `POST /api/mfa/verify/` with `{\"passkey\"}`): the caller's passkeys only, user verification required; the challenge is single-use, 5 minutes, bound to the step-up and the caller. No body.",
    access: "user",
    body: { schema: emptyActionSchema, example: {}, required: false },
    responses: {
      200: {
        description: "PublicKeyCredentialRequestOptionsJSON.",
        schema: requestOptionsSchema,
        example: { challenge: CHALLENGE, timeout: 300000, userVerification: "required", rpId: "auth.example.com", allowCredentials: [{ id: CREDENTIAL_ID, type: "public-key", transports: ["internal"] }] },
      },
    },
    errors: ["passkey_invalid", UNAVAILABLE],
    errorDetails: { passkey_invalid: "This account has no passkey: confirm it is you another way." },
  },
];
