// The sentences security emails and the events list share: the reset advice, and how a sign-in was made.
// Wording only, like the catalogue (lib/audit/events.ts) that uses it.

export const RESET_ADVICE = "Reset your password now with \"Forgot your password?\" on the sign-in page, which signs out every device.";
// An operator's change the owner did not ask for.
export const TALKED_INTO_IT = `you did not ask for this, so someone may have talked an administrator into it. ${RESET_ADVICE} Then tell the people who run this service.`;
export const lowerFirst = (text: string): string => `${text.charAt(0).toLowerCase()}${text.slice(1)}`;

/**
 * How a sign-in was made, from its amr (RFC 8176 names, lib/auth/sign-in/authentication.ts), and what it tells
 * of whoever made it if not the owner: a passkey sign-in proves no password, so its notice must not say one is known.
 */
export function describeSignInMethods(methods: readonly string[], passkeyName: string | null): { how: string; ifNotYou: string } {
  const passkey = passkeyName === null ? "a passkey" : `the passkey "${passkeyName}"`;
  const removePasskey = `Remove ${passkeyName === null ? "passkeys you do not recognise" : "that passkey"} on your dashboard, then ${lowerFirst(RESET_ADVICE)}`;
  const usesPasskey = methods.includes("hwk") || methods.includes("swk");
  if (!methods.includes("pwd")) {
    if (usesPasskey) return { how: `with ${passkey}, without the password`, ifNotYou: `someone can use that passkey (the device it is on, or the account it is synced with). ${removePasskey}` };
    return { how: "", ifNotYou: `someone signed in to your account. ${RESET_ADVICE}` };
  }
  if (usesPasskey) return { how: `with your password and ${passkey}`, ifNotYou: `someone knows your password and can use that passkey. ${removePasskey}` };
  if (methods.includes("otp")) return { how: "with your password and a code from your authenticator app", ifNotYou: `someone knows your password and had a code from your app. ${RESET_ADVICE}` };
  if (methods.includes("rcode")) return { how: "with your password and a recovery code", ifNotYou: `someone knows your password and has your recovery codes. ${RESET_ADVICE}` };
  if (methods.includes("rbrowser")) return { how: "with your password, on a browser remembered after an earlier second factor", ifNotYou: `someone knows your password. ${RESET_ADVICE}` };
  return { how: "with your password", ifNotYou: `someone knows your password. ${RESET_ADVICE}` };
}

/** How a sign-in was made, in a few words for the events list: "with a passkey", "with password and recovery code". */
export function signInMethodsInShort(methods: readonly string[]): string {
  const usesPasskey = methods.includes("hwk") || methods.includes("swk");
  if (!methods.includes("pwd")) return usesPasskey ? "with a passkey" : "";
  if (usesPasskey) return "with password and passkey";
  if (methods.includes("otp")) return "with password and authenticator code";
  if (methods.includes("rcode")) return "with password and recovery code";
  if (methods.includes("rbrowser")) return "with password on a remembered browser";
  return "with password";
}
