import { z } from "zod";
import { deviceTokenField, isPlainText } from "@/lib/validation/auth";

/**
 * Second factors and passkeys: shared by the API and the pages' forms, shape rules only (lib/auth/mfa judges
 * the codes, lib/auth/passkeys the credentials).
 */

const mfaTokenField = z.string({ error: "Sign in with your password first." }).min(1, { error: "Sign in with your password first." }).max(128, { error: "This sign-in is not valid." });

const passwordField = z
  .string({ error: "Enter your password." })
  .min(1, { error: "Enter your password." })
  .max(128, { error: "Passwords have at most 128 characters." });

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
  // Stored with the passkey: the lowercase names of WebAuthn's AuthenticatorTransport ("usb", "hybrid", ...).
  transports: z.array(z.string().regex(/^[a-z-]{1,32}$/, { error: "Unknown transport." })).max(8).optional(),
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
  .max(64, { error: "Passkey names have at most 64 characters." })
  .refine(isPlainText, { error: "Use letters, digits, spaces and punctuation only." });

/** POST /api/passkeys/register/verify/: the new credential and, optionally, its name (else the device's). */
export const passkeyRegisterSchema = z.strictObject({ passkey: registrationCredentialSchema, name: passkeyNameSchema.optional() });

/** PATCH /api/passkeys/{id}/. */
export const passkeyRenameSchema = z.strictObject({ name: passkeyNameSchema });


/** POST /api/passkeys/login/options/: nothing (a passkey sign-in), or the `mfa_token` of a password step (a second step). */
export const passkeyLoginOptionsSchema = z.strictObject({ mfa_token: mfaTokenField.optional() });

/** POST /api/passkeys/login/verify/: the assertion. */
export const passkeyLoginSchema = z.strictObject({
  passkey: authenticationCredentialSchema,
  device_token: deviceTokenField("The `device_token` an earlier sign-in to this account answered (API clients; browsers send the device cookie)."),
});

export type RegistrationCredential = z.infer<typeof registrationCredentialSchema>;
export type AuthenticationCredential = z.infer<typeof authenticationCredentialSchema>;
export type PasskeyRegisterInput = z.infer<typeof passkeyRegisterSchema>;
export type PasskeyLoginOptionsInput = z.infer<typeof passkeyLoginOptionsSchema>;

/** A code from the authenticator app: six digits (spaces around it are dropped). */
export const totpCodeSchema = z
  .string({ error: "Enter the 6-digit code from your authenticator app." })
  .trim()
  .regex(/^\d{6}$/, { error: "Enter the 6-digit code from your authenticator app." });

/** A recovery code as typed: its form (case, dash) is forgiven server-side; only its length is checked here. */
export const recoveryCodeSchema = z
  .string({ error: "Enter one of your recovery codes." })
  .trim()
  .min(1, { error: "Enter one of your recovery codes." })
  .max(64, { error: "Enter one of your recovery codes." });

const NO_PROOF = "Enter the 6-digit code from your authenticator app, or one of your recovery codes.";
const ONE_PROOF = "Give either the code from your authenticator app or a recovery code, not both.";
const ONE_SIGN_IN_PROOF = "Give one second factor: a code from your authenticator app, a recovery code or a passkey.";

/** One second-factor proof: `code` or `recovery_code`, exactly one of them. */
const proofFields = { code: totpCodeSchema.optional(), recovery_code: recoveryCodeSchema.optional() };

/** Neither or both: said for the body as a whole (either field alone is valid, so neither is "required"). */
function exactlyOneProof(input: { code?: string; recovery_code?: string; passkey?: unknown }, context: z.RefinementCtx): void {
  const given = [input.code, input.recovery_code, input.passkey].filter((proof) => proof !== undefined).length;
  if (given > 1) context.addIssue({ code: "custom", path: ["non_field_errors"], message: input.passkey === undefined ? ONE_PROOF : ONE_SIGN_IN_PROOF });
  if (given === 0) context.addIssue({ code: "custom", path: ["non_field_errors"], message: NO_PROOF });
}

/** POST /api/mfa/totp/setup/: the password again, as for any change to what signs the account in. */
export const totpSetupSchema = z.strictObject({ password: passwordField });

/** POST /api/mfa/totp/confirm/: a current code from the app just set up. */
export const totpConfirmSchema = z.strictObject({ code: totpCodeSchema });

/** DELETE /api/mfa/totp/: the password and a second factor; the password alone is not enough. */
export const totpRemoveSchema = z.strictObject({ password: passwordField, ...proofFields }).superRefine(exactlyOneProof);

/** A second step (sign-in, step-up): `{"code"}` or `{"recovery_code"}`. */
export const secondFactorProofSchema = z.strictObject(proofFields).superRefine(exactlyOneProof);

/** POST /api/mfa/verify/: `{"code"}`, `{"recovery_code"}` or `{"passkey"}` (options from POST /api/passkeys/step-up/options/). */
export const stepUpSchema = z
  .strictObject({ ...proofFields, passkey: authenticationCredentialSchema.optional().meta({ description: "What startAuthentication() answered for the options of POST /api/passkeys/step-up/options/." }) })
  .superRefine(exactlyOneProof);

/** POST /api/login/mfa/: the first step's `mfa_token` and a second-factor proof (a passkey's assertion too). */
export const mfaLoginSchema = z
  .strictObject({
    mfa_token: mfaTokenField,
    ...proofFields,
    passkey: authenticationCredentialSchema.optional().meta({ description: "What startAuthentication() answered for the options of POST /api/passkeys/login/options/ with this mfa_token." }),
    remember_browser: z
      .boolean({ error: "Say true or false." })
      .optional()
      .meta({ description: "Remember this browser for 30 days: its sign-ins to this account then skip the second step (the session stays at aal 1)." }),
  })
  .superRefine(exactlyOneProof);

export type MfaLoginInput = z.infer<typeof mfaLoginSchema>;
export type TotpSetupInput = z.infer<typeof totpSetupSchema>;
export type TotpConfirmInput = z.infer<typeof totpConfirmSchema>;
export type TotpRemoveInput = z.infer<typeof totpRemoveSchema>;
export type SecondFactorProofInput = z.infer<typeof secondFactorProofSchema>;
export type StepUpInput = z.infer<typeof stepUpSchema>;

/** The proof a validated body carries, in the shape lib/auth/mfa's verifySecondFactor takes. */
export function toSecondFactorProof(input: { code?: string; recovery_code?: string }): { code: string } | { recovery_code: string } {
  return input.code !== undefined ? { code: input.code } : { recovery_code: input.recovery_code ?? "" };
}
