// Passkeys (WebAuthn, with @simplewebauthn/server): the one entry the rest imports. relying-party.ts reads
// APP_URL (passkeys are off for an IP address), ceremony.ts holds the challenges and the verifications
// (the signature counter, clone detection), register.ts adds one, manage.ts lists, renames and removes,
// sign-in.ts signs in with one (a first factor with user verification: two factors in one) and checks one
// as the second step after a password.
export { arePasskeysAvailable, findRelyingParty } from "@/lib/auth/passkeys/relying-party";
export { finishPasskeyRegistration, PASSKEY_LIMIT, startPasskeyRegistration, type AddedPasskey } from "@/lib/auth/passkeys/register";
export { listPasskeysOf, removePasskeyOf, removeReportedPasskey, renamePasskeyOf } from "@/lib/auth/passkeys/manage";
export type { PasskeyView } from "@/lib/auth/passkeys/view";
export { checkSecondStepPasskey, signInWithPasskey, startPasskeySignIn } from "@/lib/auth/passkeys/sign-in";
export { checkStepUpPasskey, startPasskeyStepUp } from "@/lib/auth/passkeys/step-up";
