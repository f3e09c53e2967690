import { z } from "zod";

/** Second factors: shared by the API and the pages' forms, shape rules only (lib/auth/mfa judges the codes). */

const passwordField = z
  .string({ error: "Enter your password." })
  .min(1, { error: "Enter your password." })
  .max(128, { error: "Passwords have at most 128 characters." });

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

/** One second-factor proof: `code` or `recovery_code`, exactly one of them. */
const proofFields = { code: totpCodeSchema.optional(), recovery_code: recoveryCodeSchema.optional() };

/** Neither or both: said for the body as a whole (either field alone is valid, so neither is "required"). */
function exactlyOneProof(input: { code?: string; recovery_code?: string }, context: z.RefinementCtx): void {
  if (input.code !== undefined && input.recovery_code !== undefined) context.addIssue({ code: "custom", path: ["non_field_errors"], message: ONE_PROOF });
  if (input.code === undefined && input.recovery_code === undefined) context.addIssue({ code: "custom", path: ["non_field_errors"], message: NO_PROOF });
}

/** POST /api/mfa/totp/setup/: the password again, as for any change to what signs the account in. */
export const totpSetupSchema = z.strictObject({ password: passwordField });

/** POST /api/mfa/totp/confirm/: a current code from the app just set up. */
export const totpConfirmSchema = z.strictObject({ code: totpCodeSchema });

/** DELETE /api/mfa/totp/: the password and a second factor; the password alone is not enough. */
export const totpRemoveSchema = z.strictObject({ password: passwordField, ...proofFields }).superRefine(exactlyOneProof);

/** A second step (sign-in, step-up): `{"code"}` or `{"recovery_code"}`. */
export const secondFactorProofSchema = z.strictObject(proofFields).superRefine(exactlyOneProof);

/** POST /api/login/mfa/: the first step's `mfa_token` and a second-factor proof. */
export const mfaLoginSchema = z
  .strictObject({
    mfa_token: z.string({ error: "Sign in with your password first." }).min(1, { error: "Sign in with your password first." }).max(128, { error: "This sign-in is not valid." }),
    ...proofFields,
  })
  .superRefine(exactlyOneProof);

export type MfaLoginInput = z.infer<typeof mfaLoginSchema>;
export type TotpSetupInput = z.infer<typeof totpSetupSchema>;
export type TotpConfirmInput = z.infer<typeof totpConfirmSchema>;
export type TotpRemoveInput = z.infer<typeof totpRemoveSchema>;
export type SecondFactorProofInput = z.infer<typeof secondFactorProofSchema>;

/** The proof a validated body carries, in the shape lib/auth/mfa's verifySecondFactor takes. */
export function toSecondFactorProof(input: { code?: string; recovery_code?: string }): { code: string } | { recovery_code: string } {
  return input.code !== undefined ? { code: input.code } : { recovery_code: input.recovery_code ?? "" };
}
