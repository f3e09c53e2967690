/**
 * The ways a second-factor prompt can take a proof, and which it offers first: the server lists the account's
 * methods (`mfa_required` and `step_up_required` carry them: "totp", "passkey", "recovery_code"), the page
 * knows whether a passkey works at its address.
 */
export type ProofWay = "passkey" | "code" | "recovery_code";

/** The ways on offer, the one to lead with first: a passkey (nothing to type), the app's code, a recovery code. */
export function offeredWays(methods: readonly string[], canUsePasskey: boolean): ProofWay[] {
  const ways: ProofWay[] = [];
  if (canUsePasskey && methods.includes("passkey")) ways.push("passkey");
  if (methods.includes("totp")) ways.push("code");
  if (methods.includes("recovery_code")) ways.push("recovery_code");
  return ways;
}

/** What the person does, as a sentence: announced when a prompt opens or the way changes. */
export const WAY_INSTRUCTIONS: Record<ProofWay, string> = {
  passkey: "Use your passkey.",
  code: "Enter the code from your authenticator app.",
  recovery_code: "Enter one of your recovery codes.",
};

/** The button that switches to a way. */
export const WAY_SWITCHES: Record<ProofWay, string> = {
  passkey: "Use your passkey instead",
  code: "Use the authenticator app instead",
  recovery_code: "Use a recovery code instead",
};
