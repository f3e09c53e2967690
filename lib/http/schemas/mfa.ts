import { z } from "zod";
import type { SecondFactorStatus, TotpSetup } from "@/lib/auth/mfa";
import type { TrustedBrowserView } from "@/lib/auth/trusted-browsers";
import { accessTokenSchema, refreshTokenSchema } from "@/lib/http/schemas/responses";

/** What the second-factor endpoints answer (lib/http/openapi/operations/mfa.ts). */

const methodSchema = z.enum(["totp", "passkey", "recovery_code"]);

export const secondFactorStatusSchema = z
  .object({
    enabled: z.boolean().meta({ description: "Sign-in asks for a second factor (an authenticator app or a passkey is on)." }),
    methods: z.array(methodSchema).meta({ description: "What the second step offers now; `recovery_code` only while unused codes remain." }),
    totp: z.object({
      enabled: z.boolean(),
      enabled_at: z.iso.datetime({ offset: true }).nullable().meta({ description: "When the authenticator app was confirmed; null while off." }),
      setup_pending: z.boolean().meta({ description: "A setup was started and not confirmed yet (sign-in is unchanged by it)." }),
    }),
    passkeys: z.object({ count: z.number().int().min(0).max(20).meta({ description: "Passkeys of the account (GET /api/passkeys/ lists them)." }) }),
    recovery_codes: z.object({ remaining: z.number().int().min(0).max(10).meta({ description: "Unused recovery codes." }) }),
  })
  .meta({ id: "SecondFactorStatus", description: "Which second factors are on; never a secret." });

export const totpSetupSchema = z
  .object({
    secret: z.string().meta({ description: "The shared secret, base32 (160 bits), for typing into the app. Answered this once; never again." }),
    otpauth_url: z.string().meta({ description: "`otpauth://totp/...`: issuer (APP_NAME) and account name (the email), SHA1, 6 digits, 30 s." }),
    qr_svg: z.string().meta({ description: "The QR code of `otpauth_url` as an SVG document, drawn on this server." }),
  })
  .meta({ id: "TotpSetup" });

export const recoveryCodesSchema = z
  .object({
    recovery_codes: z
      .array(z.string().regex(/^[2-9A-HJ-NP-Z]{5}-[2-9A-HJ-NP-Z]{5}$/))
      .length(10)
      .meta({ description: "Ten single-use codes, shown this once (only their keyed hashes are kept). Accepted in any case, with or without the dash." }),
  })
  .meta({ id: "RecoveryCodes" });

export const totpConfirmedSchema = z
  .object({
    recovery_codes: z
      .array(z.string().regex(/^[2-9A-HJ-NP-Z]{5}-[2-9A-HJ-NP-Z]{5}$/))
      .max(10)
      .meta({
        description:
          "Ten new single-use codes, shown this once, when the account had no unused recovery code (the app is its first second factor). Empty when the account already had unused codes (beside a passkey): they are kept and still work.",
      }),
    recovery_codes_remaining: z.number().int().min(1).max(10).meta({ description: "The account's unused recovery codes now: the ten new ones, or those kept." }),
    access: accessTokenSchema.optional(),
    refresh: refreshTokenSchema.optional(),
  })
  .meta({ id: "TotpConfirmed", description: "The recovery codes, and the fresh pair of the confirming session, raised to two factors (as a step-up raises it)." });

const timestamp = z.iso.datetime({ offset: true });

export const trustedBrowserSchema = z
  .object({
    id: z.uuid().meta({ description: "For DELETE /api/mfa/trusted-browsers/{id}/." }),
    device: z.string().meta({ description: "The browser and system it was remembered on, from its User-Agent.", examples: ["Firefox on Linux"] }),
    created_at: timestamp.meta({ description: "When it was remembered (a sign-in's second step with `remember_browser`)." }),
    last_used_at: timestamp.meta({ description: "The last sign-in it let skip the second step (at first, the one that remembered it)." }),
    expires_at: timestamp.meta({ description: "30 days after it was remembered; then it asks for the second factor again." }),
    current: z.boolean().meta({ description: "It is the browser asking (its cookie names it); always false without the cookie transport." }),
  })
  .meta({ id: "TrustedBrowser" });

export const trustedBrowserListSchema = z
  .object({ trusted_browsers: z.array(trustedBrowserSchema).meta({ description: "Unexpired remembered browsers, the most recently remembered first." }) })
  .meta({ id: "TrustedBrowserList" });

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
export type MfaSchemaChecks = [
  Assert<Same<z.infer<typeof secondFactorStatusSchema>, SecondFactorStatus>>,
  Assert<Same<z.infer<typeof totpSetupSchema>, TotpSetup>>,
  Assert<Same<z.infer<typeof trustedBrowserSchema>, TrustedBrowserView>>,
];
