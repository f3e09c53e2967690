import "server-only";
import type { SignInAccount } from "@/lib/db/sign-ins";
import { secondFactorMethodsOf, type SignInUser } from "@/lib/auth/sign-in/authentication";

/** The account as the completion reads it, with the second factors it can be asked for, in this order. */
export function toSignInUser(account: SignInAccount): SignInUser {
  const secondFactors = secondFactorMethodsOf(account);
  return {
    id: account.id,
    email: account.email,
    isVerified: account.isVerified,
    isStaff: account.isStaff,
    credentialsVersion: account.credentialsVersion,
    secondFactors,
  };
}
