/** The password rules as every form states them (register, reset, change): one sentence, said the same way. */
export const PASSWORD_RULES = "At least 8 characters. A few unrelated words make a strong one.";
