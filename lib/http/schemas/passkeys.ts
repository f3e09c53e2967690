import { z } from "zod";
import type { AddedPasskey, PasskeyView } from "@/lib/auth/passkeys";

/** What the passkey endpoints answer (lib/http/openapi/operations/passkeys.ts). */

export const passkeySchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    created_at: z.iso.datetime({ offset: true }),
    last_used_at: z.iso.datetime({ offset: true }).nullable().meta({ description: "The last sign-in or second step with it; null before the first." }),
    device_type: z.enum(["singleDevice", "multiDevice"]).meta({ description: "`singleDevice`: bound to one authenticator (amr `hwk`); `multiDevice`: synced between devices (amr `swk`)." }),
    backed_up: z.boolean().meta({ description: "The authenticator says the key is backed up (synced)." }),
  })
  .meta({ id: "Passkey", description: "A passkey of the caller: never its key or credential ID." });

export const passkeyListSchema = z.object({ passkeys: z.array(passkeySchema).max(20) }).meta({ id: "PasskeyList" });

export const addedPasskeySchema = z
  .object({
    passkey: passkeySchema,
    recovery_codes: z
      .array(z.string().regex(/^[2-9A-HJ-NP-Z]{5}-[2-9A-HJ-NP-Z]{5}$/))
      .length(10)
      .optional()
      .meta({ description: "Only when the account had no unused recovery code (the passkey is its first second factor): ten, shown this once. Unused codes are kept." }),
  })
  .meta({ id: "AddedPasskey" });

export const passkeyStatusSchema = z.object({ available: z.boolean().meta({ description: "False when APP_URL names an IP address: every passkey endpoint then answers 404 `passkeys_unavailable`." }) }).meta({ id: "PasskeyStatus" });

const descriptor = z.object({ id: z.string(), type: z.literal("public-key"), transports: z.array(z.string()).optional() });

export const creationOptionsSchema = z
  .looseObject({
    challenge: z.string().meta({ description: "base64url; single-use, valid five minutes, bound to the registration and the caller." }),
    rp: z.object({ id: z.string().meta({ description: "APP_URL's host name." }), name: z.string() }),
    user: z.object({ id: z.string().meta({ description: "The user handle: the account id's 16 bytes, base64url." }), name: z.string(), displayName: z.string() }),
    pubKeyCredParams: z.array(z.object({ type: z.literal("public-key"), alg: z.number().int() })),
    timeout: z.number().int().optional(),
    excludeCredentials: z.array(descriptor).optional(),
    authenticatorSelection: z.looseObject({ residentKey: z.string().optional(), userVerification: z.string().optional() }).optional(),
    attestation: z.string().optional(),
  })
  .meta({ id: "PasskeyCreationOptions", description: "PublicKeyCredentialCreationOptionsJSON: give it to @simplewebauthn/browser's startRegistration({ optionsJSON })." });

export const requestOptionsSchema = z
  .looseObject({
    challenge: z.string().meta({ description: "base64url; single-use, valid five minutes, bound to the ceremony." }),
    rpId: z.string().optional(),
    timeout: z.number().int().optional(),
    allowCredentials: z.array(descriptor).optional().meta({ description: "Only for a second step: the account's passkeys. Absent for a passkey sign-in (discoverable credentials)." }),
    userVerification: z.string().optional(),
  })
  .meta({ id: "PasskeyRequestOptions", description: "PublicKeyCredentialRequestOptionsJSON: give it to @simplewebauthn/browser's startAuthentication({ optionsJSON })." });

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
export type PasskeySchemaChecks = [Assert<Same<z.infer<typeof passkeySchema>, PasskeyView>>, Assert<Same<z.infer<typeof addedPasskeySchema>, AddedPasskey>>];
