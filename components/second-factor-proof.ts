import { z } from "zod";
import { recoveryCodeSchema, totpCodeSchema, totpSetupSchema } from "@/lib/validation/mfa";

/**
 * The second-factor form's fields and rules: the shared schemas of lib/validation/mfa, picked by which
 * proof the person chose ("method"), so the form never sends both or neither.
 */
export interface ProofFields {
  method: "code" | "recovery_code";
  code: string;
  recovery_code: string;
  password: string;
}

/** What POST /api/login/mfa/, /api/mfa/verify/ and DELETE /api/mfa/totp/ take beside their own members. */
export type SecondFactorProof = { code: string } | { recovery_code: string };

export interface SecondFactorSubmission {
  proof: SecondFactorProof;
  /** Empty unless the form asked for it. */
  password: string;
}

/** Only the chosen field is judged; the other keeps what was typed in it, unsent. */
const proofByMethod = z.discriminatedUnion("method", [
  z.object({ method: z.literal("code"), code: totpCodeSchema, recovery_code: z.string() }),
  z.object({ method: z.literal("recovery_code"), recovery_code: recoveryCodeSchema, code: z.string() }),
]);

const checkedPassword = z.object({ password: totpSetupSchema.shape.password });
const ignoredPassword = z.object({ password: z.string() });

type ProofFormSchema = z.ZodIntersection<typeof proofByMethod, typeof checkedPassword | typeof ignoredPassword>;

export function proofFormSchema(asksPassword: boolean): ProofFormSchema {
  return proofByMethod.and(asksPassword ? checkedPassword : ignoredPassword);
}

export type ProofOutput = z.output<ProofFormSchema>;

export function toSecondFactorSubmission(values: ProofOutput): SecondFactorSubmission {
  const proof = values.method === "code" ? { code: values.code } : { recovery_code: values.recovery_code };
  return { proof, password: values.password };
}
