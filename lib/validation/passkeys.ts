import { z } from "zod";

/**
 * Passkeys: the JSON that @simplewebauthn/browser's startRegistration / startAuthentication answer, checked
 * for shape only (lib/auth/passkeys verifies them with @simplewebauthn/server). Unknown members inside the
 * credential are dropped, so a browser that adds one does not break the ceremony.
 */

const NOT_ACCEPTED = "This passkey answer is not valid. Try again.";
const base64url = (max: number) => z.string({ error: NOT_ACCEPTED }).min(1, { error: NOT_ACCEPTED }).max(max, { error: NOT_ACCEPTED }).regex(/^[A-Za-z0-9_-]+$/, { error: NOT_ACCEPTED });

/** A credential as JSON, with its own `response`. */
function credentialSchema<R extends z.ZodRawShape>(response: R) {
  return z.object(
    {
      id: base64url(1024),
      rawId: base64url(1024),
      type: z.literal("public-key", { error: NOT_ACCEPTED }),
      response: z.object(response, { error: NOT_ACCEPTED }),
      clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
      authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional(),
    },
    { error: NOT_ACCEPTED },
  );
}

/** What navigator.credentials.create() answered, as JSON (RegistrationResponseJSON). */
export const registrationCredentialSchema = credentialSchema({
  clientDataJSON: base64url(4096),
  attestationObject: base64url(12_000),
  transports: z.array(z.string().max(32)).max(8).optional(),
});

/** What navigator.credentials.get() answered, as JSON (AuthenticationResponseJSON). */
export const authenticationCredentialSchema = credentialSchema({
  clientDataJSON: base64url(4096),
  authenticatorData: base64url(4096),
  signature: base64url(4096),
  userHandle: base64url(128).optional(),
});

export const passkeyNameSchema = z
  .string({ error: "Give the passkey a name." })
  .trim()
  .min(1, { error: "Give the passkey a name." })
  .max(64, { error: "Passkey names have at most 64 characters." });

/** POST /api/passkeys/register/verify/: the new credential and, optionally, its name (else the device's). */
export const passkeyRegisterSchema = z.strictObject({ passkey: registrationCredentialSchema, name: passkeyNameSchema.optional() });

/** PATCH /api/passkeys/{id}/. */
export const passkeyRenameSchema = z.strictObject({ name: passkeyNameSchema });

const mfaTokenField = z.string({ error: "Sign in with your password first." }).min(1, { error: "Sign in with your password first." }).max(128, { error: "This sign-in is not valid." });

/** POST /api/passkeys/login/options/: nothing (a passkey sign-in), or the `mfa_token` of a password step (a second step). */
export const passkeyLoginOptionsSchema = z.strictObject({ mfa_token: mfaTokenField.optional() });

/** POST /api/passkeys/login/verify/: the assertion. */
export const passkeyLoginSchema = z.strictObject({ passkey: authenticationCredentialSchema });

export type RegistrationCredential = z.infer<typeof registrationCredentialSchema>;
export type AuthenticationCredential = z.infer<typeof authenticationCredentialSchema>;
export type PasskeyRegisterInput = z.infer<typeof passkeyRegisterSchema>;
export type PasskeyLoginOptionsInput = z.infer<typeof passkeyLoginOptionsSchema>;
