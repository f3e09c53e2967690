import { updateUserFlags } from "@/lib/db/admin-users";
import { signInWithTwoFactors, type TwoFactorUser } from "./mfa";
import { signUp, type SignedUpUser } from "./users";

/** A fresh verified account with these standings (set in the database, as `npm run create-admin` would). */
export async function accountWith(flags: { staff?: boolean; superuser?: boolean } = {}): Promise<SignedUpUser> {
  const user = await signUp();
  await updateUserFlags(user.userId, { isVerified: true, isStaff: flags.staff ?? false, isSuperuser: flags.superuser ?? false });
  return user;
}

/** A staff account signed in at two factors (an authenticator app), as the admin API requires. */
export const signedInStaff = async (flags: { superuser?: boolean } = {}): Promise<TwoFactorUser> => signInWithTwoFactors(await accountWith({ staff: true, ...flags }));
