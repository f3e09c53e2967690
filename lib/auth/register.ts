import "server-only";
import type { RequestMeta } from "@/lib/request-meta";
import { withTransaction } from "@/lib/db/transaction";
import { createUser, findDuplicateFields, isUniqueViolation } from "@/lib/db/users";
import { toEmailKey } from "@/lib/identifiers";
import { AppError, mergeFieldErrors, type FieldErrors } from "@/lib/errors";
import { emailSchema, PASSWORD_MAX_LENGTH, userNameSchema, type RegisterInput } from "@/lib/validation/auth";
import { issueCode } from "@/lib/auth/codes";
import { hashPassword } from "@/lib/auth/password";
import { checkPasswordPolicy } from "@/lib/auth/password-policy";
import { assertIpWithinLimit, consumeLimit } from "@/lib/auth/rate-limit";
import { completeSignIn } from "@/lib/auth/sign-in/complete";
import type { TokenPair } from "@/lib/auth/tokens";

export interface RegisterResult extends TokenPair {
  user: { id: string; email: string; user_name: string; is_verified: boolean };
}

const duplicateMessages = {
  email: "A user with that email already exists.",
  user_name: "A user with that user name already exists.",
} as const;

function duplicateErrors(fields: ("email" | "user_name")[]): FieldErrors {
  return Object.fromEntries(fields.map((field) => [field, [duplicateMessages[field]]]));
}

/**
 * What only the server can judge, for whichever fields are well formed (null: not): a taken email or user
 * name, and the password rules beyond shape. Together with the shape errors, one answer lists every problem.
 */
async function findRegistrationProblems(fields: { email: string | null; userName: string | null; password: string | null }): Promise<FieldErrors> {
  const errors = duplicateErrors(await findDuplicateFields(fields.email, fields.userName));
  // An empty password resembles everything; its only problem is being empty.
  if (fields.password) {
    const problems = checkPasswordPolicy(fields.password, { email: fields.email ?? "", userName: fields.userName ?? "" });
    if (problems.length > 0) errors.password = problems;
  }
  return errors;
}

/**
 * For a registration the schema refused: its shape errors plus what findRegistrationProblems sees in the
 * fields that are well formed. A look-up of a taken email costs what a registration costs (the per-IP limit).
 */
export async function explainRefusedRegistration(body: Record<string, unknown>, errors: FieldErrors, meta: RequestMeta): Promise<FieldErrors> {
  const email = emailSchema.safeParse(body.email);
  const userName = userNameSchema.safeParse(body.user_name);
  if (email.success || userName.success) await assertIpWithinLimit("registerIp", meta.ip);
  const password = typeof body.password === "string" && body.password.length <= PASSWORD_MAX_LENGTH ? body.password : null;
  const problems = await findRegistrationProblems({ email: email.data ?? null, userName: userName.data ?? null, password });
  return mergeFieldErrors(errors, problems);
}

export async function registerUser(input: RegisterInput, meta: RequestMeta): Promise<RegisterResult> {
  await assertIpWithinLimit("registerIp", meta.ip);
  const errors = await findRegistrationProblems({ email: input.email, userName: input.user_name, password: input.password });
  if (Object.keys(errors).length > 0) throw new AppError("validation_error", { errors });

  const passwordHash = await hashPassword(input.password);
  // The account, its first session and its audit row: one transaction, so a failure leaves no account
  // that nobody can sign up for again. The code is issued once it exists, as a resend would.
  const created = await withTransaction(async (tx) => {
    const user = await createUser({ email: input.email, userName: input.user_name, passwordHash }, tx);
    // A new account has no second factor: the password completes it. Its device becomes a known one.
    const authentication = { user: { ...user, secondFactors: [] }, methods: ["pwd" as const], at: new Date() };
    const outcome = await completeSignIn(authentication, { meta, kind: "registration", event: "user_registered", tx });
    return { user, outcome };
  }).catch(async (error: unknown) => {
    // A concurrent twin won the unique index between our check and the insert.
    if (!isUniqueViolation(error)) throw error;
    throw new AppError("validation_error", { errors: duplicateErrors(await findDuplicateFields(input.email, input.user_name)) });
  });
  const { user, outcome } = created;
  if (outcome.status !== "signed_in") throw new AppError("authentication_failed");
  // The first code starts the resend cooldown, as a resend would.
  await consumeLimit("otpResend", toEmailKey(user.email));
  await issueCode(user, meta);
  return {
    access: outcome.pair.access,
    refresh: outcome.pair.refresh,
    user: { id: user.id, email: user.email, user_name: user.userName, is_verified: user.isVerified },
  };
}
