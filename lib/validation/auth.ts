import { z } from "zod";
import { normalizeTyped } from "@/lib/identifiers";

/** Shared by the forms and the route handlers: shape rules only, nothing server-side. */

const controlChars = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/u;

const noControl = (value: string): boolean => !controlChars.test(value);

/** Half of a UTF-16 surrogate pair without its other half (no `u` flag: it matches code units). */
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Text people name things with (a passkey's name): no control, zero-width or direction-override characters
 * (a NUL is refused by PostgreSQL, an override shows "pot" as "top"), and no lone surrogate halves.
 */
export const isPlainText = (value: string): boolean => noControl(value) && !loneSurrogate.test(value);

export const emailSchema = z
  .string({ error: "Enter an email address." })
  .transform(normalizeTyped)
  .pipe(
    z
      .string()
      .min(1, { error: "Enter an email address." })
      .max(254, { error: "Email addresses have at most 254 characters." })
      .refine(noControl, { error: "Enter a valid email address." })
      .pipe(z.email({ error: "Enter a valid email address." })),
  );

export const userNameSchema = z
  .string({ error: "Enter a user name." })
  .transform(normalizeTyped)
  .pipe(
    z
      .string()
      .min(1, { error: "Enter a user name." })
      .max(150, { error: "User names have at most 150 characters." })
      .regex(/^[\p{L}\p{N}_.@+-]+$/u, { error: "Use letters, digits and @ . + - _ only." }),
  );

export const PASSWORD_MAX_LENGTH = 128;

export const passwordSchema = z
  .string({ error: "Enter a password." })
  .min(1, { error: "Enter a password." })
  .min(8, { error: "Passwords have at least 8 characters." })
  .max(PASSWORD_MAX_LENGTH, { error: "Passwords have at most 128 characters." })
  .refine(noControl, { error: "Passwords cannot contain control characters." });

export const otpSchema = z
  .string({ error: "Enter the 6-digit code." })
  .trim()
  .regex(/^\d{6}$/, { error: "Enter the 6-digit code." });

const tokenSchema = z
  .string({ error: "Send the token as a string." })
  .min(1, { error: "This field may not be blank." })
  .max(4096, { error: "This token is too long." });

const confirmationSchema = z
  .string({ error: "Confirm the password." })
  .min(1, { error: "Confirm the password." })
  .max(128, { error: "Passwords have at most 128 characters." });

const passwordsMatch = {
  path: ["password2"],
  message: "The two passwords do not match.",
  // Checked even while other fields are wrong, so the form shows every problem at once.
  when: (payload: { value: unknown }): boolean => {
    const value = payload.value as { password?: unknown; password2?: unknown } | null;
    return typeof value?.password === "string" && typeof value.password2 === "string" && value.password2 !== "";
  },
};

export const registerSchema = z
  .strictObject({ email: emailSchema, user_name: userNameSchema, password: passwordSchema, password2: confirmationSchema })
  .refine((input) => input.password === input.password2, passwordsMatch);

/** The first administrator's account: the register form's fields plus the setup link's token. */
export const firstAdminSchema = z
  .strictObject({ token: tokenSchema, email: emailSchema, user_name: userNameSchema, password: passwordSchema, password2: confirmationSchema })
  .refine((input) => input.password === input.password2, passwordsMatch);

export const passwordChangeSchema = z
  .strictObject({
    current_password: z.string({ error: "Enter your current password." }).min(1, { error: "Enter your current password." }).max(128, { error: "Passwords have at most 128 characters." }),
    password: passwordSchema,
    password2: confirmationSchema,
  })
  .refine((input) => input.password === input.password2, passwordsMatch);

export const passwordResetSchema = z.strictObject({ email: emailSchema });
export const passwordResetConfirmSchema = z
  .strictObject({ email: emailSchema, otp: otpSchema, password: passwordSchema, password2: confirmationSchema })
  .refine((input) => input.password === input.password2, passwordsMatch);

/** The `device_token` a sign-in answered, sent back by API clients (browsers send the device cookie). */
export const deviceTokenField = (description: string) =>
  z.string({ error: "Not a device token." }).max(1024, { error: "Not a device token." }).optional().meta({ description });

export const loginSchema = z.strictObject({
  email: emailSchema,
  // Login never re-checks the password policy: an old password must still be accepted.
  password: z.string({ error: "Enter your password." }).min(1, { error: "Enter your password." }).max(128, { error: "Passwords have at most 128 characters." }),
  /** The `device_token` an earlier sign-in to this account answered (API clients; browsers hold it in a cookie). */
  device_token: deviceTokenField(
    "The `device_token` an earlier sign-in to this account answered: this client then has its own budget of failures, apart from strangers'. Browsers send the device cookie instead.",
  ),
  /** The `trusted_browser_token` a second step with `remember_browser` answered (API clients; browsers hold it in a cookie). */
  trusted_browser_token: z
    .string({ error: "Not a remembered-browser token." })
    .max(128, { error: "Not a remembered-browser token." })
    .optional()
    .meta({
      description:
        "The `trusted_browser_token` a second step with `remember_browser: true` answered: for 30 days a right password then skips the second step (the session says `rbrowser` in `amr` and stays at aal 1). Browsers send the cookie instead.",
    }),
});

export const verifySchema = z.strictObject({ email: emailSchema, otp: otpSchema });
/** Changing the address needs the password, as changing the password does: a session alone is not enough. */
export const emailChangeSchema = z.strictObject({ password: loginSchema.shape.password, new_email: emailSchema });
export const emailChangeConfirmSchema = z.strictObject({ otp: otpSchema });
export const resendSchema = z.strictObject({ email: emailSchema });
export const refreshSchema = z.strictObject({ refresh: tokenSchema });
/** Browsers log out with the refresh cookie, so the body field is optional. */
export const logoutSchema = z.strictObject({ refresh: tokenSchema.optional() });

export type RegisterInput = z.infer<typeof registerSchema>;
export type FirstAdminInput = z.infer<typeof firstAdminSchema>;
export type LoginInput = z.infer<typeof loginSchema>;
export type VerifyInput = z.infer<typeof verifySchema>;
export type ResendInput = z.infer<typeof resendSchema>;
export type RefreshInput = z.infer<typeof refreshSchema>;
export type LogoutInput = z.infer<typeof logoutSchema>;
export type PasswordChangeInput = z.infer<typeof passwordChangeSchema>;
export type PasswordResetInput = z.infer<typeof passwordResetSchema>;
export type PasswordResetConfirmInput = z.infer<typeof passwordResetConfirmSchema>;
export type EmailChangeInput = z.infer<typeof emailChangeSchema>;
export type EmailChangeConfirmInput = z.infer<typeof emailChangeConfirmSchema>;

/** Turns zod issues into `{ field: [messages] }`, the shape forms show next to each field. */
export function toFieldErrors(error: z.ZodError, input?: unknown): Record<string, string[]> {
  // A Map, not an object literal: field names come from the client ("constructor", "__proto__").
  const fields = new Map<string, string[]>();
  const add = (field: string, message: string): void => {
    const messages = fields.get(field) ?? [];
    if (!messages.includes(message)) messages.push(message);
    fields.set(field, messages);
  };
  const isPresent = (field: string): boolean => typeof input === "object" && input !== null && Object.hasOwn(input, field);
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) add(key, "Unknown field.");
      continue;
    }
    const field = typeof issue.path[0] === "string" ? issue.path[0] : "non_field_errors";
    const isMissing = issue.code === "invalid_type" && input !== undefined && !isPresent(field);
    add(field, isMissing ? "This field is required." : issue.message);
  }
  return Object.fromEntries(fields);
}
