import { z } from "zod";
import { emailSchema, loginSchema, otpSchema } from "@/lib/validation/auth";

/** Changing the address needs the password, as changing the password does: a session alone is not enough. */
export const emailChangeSchema = z.strictObject({
  password: loginSchema.shape.password,
  new_email: emailSchema,
});

export const emailChangeConfirmSchema = z.strictObject({ otp: otpSchema });

export type EmailChangeInput = z.infer<typeof emailChangeSchema>;
export type EmailChangeConfirmInput = z.infer<typeof emailChangeConfirmSchema>;
