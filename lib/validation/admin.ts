import { z } from "zod";

/** Shared by the admin API and the admin pages: shape rules only. */

const flagFilter = z
  .enum(["", "true", "false"], { error: "Use true or false." })
  .optional()
  .transform((value) => (value === "true" ? true : value === "false" ? false : null));

/** The users list's query string: every parameter optional, an empty one means "any". */
export const adminUserQuerySchema = z.strictObject({
  q: z
    .string()
    .max(254, { error: "Search for at most 254 characters." })
    // The database refuses a NUL byte outright; no email or user name holds a control character.
    .refine((value) => !/[\u0000-\u001f\u007f]/u.test(value), { error: "Search text cannot contain control characters." })
    .optional()
    .transform((value) => value?.normalize("NFKC").trim().toLowerCase() || null),
  verified: flagFilter,
  active: flagFilter,
  staff: flagFilter,
  cursor: z
    .string()
    .max(200, { error: "This cursor is not valid." })
    .optional()
    .transform((value) => value || null),
  limit: z
    .string()
    .regex(/^\d{1,3}$/, { error: "Give a number from 1 to 100." })
    .transform(Number)
    .pipe(z.number().min(1, { error: "Give a number from 1 to 100." }).max(100, { error: "Give a number from 1 to 100." }))
    .optional(),
});

export const adminUserUpdateSchema = z
  .strictObject({
    is_active: z.boolean({ error: "Use true or false." }).optional(),
    is_verified: z.boolean({ error: "Use true or false." }).optional(),
    is_staff: z.boolean({ error: "Use true or false." }).optional(),
  })
  .refine((input) => Object.keys(input).length > 0, { error: "Give at least one of is_active, is_verified, is_staff." });

export type AdminUserQuery = z.infer<typeof adminUserQuerySchema>;
export type AdminUserUpdate = z.infer<typeof adminUserUpdateSchema>;
