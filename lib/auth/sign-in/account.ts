import "server-only";
import type { SignInAccount } from "@/lib/db/sign-ins";
import type { SecondFactorMethod, SignInUser } from "@/lib/auth/sign-in/authentication";

/** The account as the completion reads it, with the second factors it can be asked for, in this order. */
export function toSignInUser(account: SignInAccount): SignInUser {
  const secondFactors: SecondFactorMethod[] = [];
  if (account.hasTotp) secondFactors.push("totp");
  if (account.hasRecoveryCodes && secondFactors.length > 0) secondFactors.push("recovery_code");
  return {
    id: account.id,
    email: account.email,
    isVerified: account.isVerified,
    isStaff: account.isStaff,
    credentialsVersion: account.credentialsVersion,
    secondFactors,
  };
}
