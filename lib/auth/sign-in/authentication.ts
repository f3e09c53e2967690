// What a proof of identity yields, whichever it was: the user, the methods used (RFC 8176 `amr` values) and
// when. The completion function (complete.ts) alone decides from it whether a sign-in is complete.

/**
 * Authentication methods, as RFC 8176 names them where it has a name: `pwd` a password, `otp` a code from
 * an authenticator app, `hwk`/`swk` a hardware- or software-bound key (a passkey), `user` user presence
 * with verification (the passkey's PIN or biometric). Ours, where RFC 8176 has none: `rcode` a recovery
 * code, `rbrowser` a browser remembered after an earlier second factor (which proves no factor now).
 */
export type AuthMethod = "pwd" | "otp" | "rcode" | "hwk" | "swk" | "user" | "rbrowser";

/** Authenticator Assurance Level (NIST SP 800-63B): 1 one factor, 2 two distinct factors. */
export type AssuranceLevel = 1 | 2;

/** What a session knows of how it was authenticated; stored on its row, carried by its tokens. */
export interface Assurance {
  aal: AssuranceLevel;
  amr: AuthMethod[];
  /** When the user last proved a factor to this session (a step-up moves it). */
  authTime: Date;
}

/** The account as a sign-in reads it: what the completion needs to open a session for it. */
export interface SignInUser {
  id: string;
  email: string;
  isVerified: boolean;
  isStaff: boolean;
  credentialsVersion: number;
  /** The second factors the account has turned on; a sign-in needs one of them (see `needsSecondFactor`). */
  secondFactors: SecondFactorMethod[];
}

/** The ways an account can prove a second factor (`mfa_required`'s `methods`). */
export type SecondFactorMethod = "totp" | "passkey" | "recovery_code";

/**
 * The second-factor methods an account offers, always in this order: the authenticator app, passkeys, and
 * recovery codes while unused ones remain and there is a factor for them to stand in for.
 */
export function secondFactorMethodsOf(factors: { hasTotp: boolean; hasPasskey: boolean; hasRecoveryCodes: boolean }): SecondFactorMethod[] {
  const methods: SecondFactorMethod[] = [];
  if (factors.hasTotp) methods.push("totp");
  if (factors.hasPasskey) methods.push("passkey");
  if (factors.hasRecoveryCodes && methods.length > 0) methods.push("recovery_code");
  return methods;
}

/** What the second step asks for, in the words of `mfa_required`'s detail: only the methods the account has. */
export function describeSecondStep(methods: readonly SecondFactorMethod[]): string {
  const ways = [methods.includes("passkey") ? "confirm with your passkey" : null, methods.includes("totp") ? "enter a code from your authenticator app" : null].filter(Boolean);
  const recovery = !methods.includes("recovery_code") ? "" : ways.length === 0 ? "enter a recovery code" : methods.includes("totp") ? " (or a recovery code)" : " (or enter a recovery code)";
  const sentence = `${ways.join(" or ")}${recovery} to finish signing in.`;
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}

export interface Authentication {
  user: SignInUser;
  methods: AuthMethod[];
  at: Date;
}

const KNOWLEDGE: ReadonlySet<AuthMethod> = new Set(["pwd"]);
const POSSESSION: ReadonlySet<AuthMethod> = new Set(["otp", "rcode", "hwk", "swk"]);

/**
 * The level the methods reach: two factors of different kinds (something known and something held), or a
 * key whose user verification is itself a second factor (a passkey: `hwk`/`swk` with `user`). A remembered
 * browser proves nothing by itself, so a session that skipped the second step stays at 1.
 */
export function assuranceLevelOf(methods: readonly AuthMethod[]): AssuranceLevel {
  const knows = methods.some((method) => KNOWLEDGE.has(method));
  const holds = methods.some((method) => POSSESSION.has(method));
  const isVerifiedKey = methods.includes("user") && (methods.includes("hwk") || methods.includes("swk"));
  return (knows && holds) || isVerifiedKey ? 2 : 1;
}

export function assuranceOf(authentication: Authentication): Assurance {
  return { aal: assuranceLevelOf(authentication.methods), amr: [...new Set(authentication.methods)], authTime: authentication.at };
}

/**
 * Whether the sign-in must still prove a second factor: the account has one, and neither a second factor
 * nor a remembered browser was part of this authentication.
 */
export function needsSecondFactor(authentication: Authentication): boolean {
  if (authentication.user.secondFactors.length === 0) return false;
  return assuranceLevelOf(authentication.methods) < 2 && !authentication.methods.includes("rbrowser");
}
