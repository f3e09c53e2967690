/** How emails and user names are compared and stored: one home for the normalisation rules. */

/** What the forms and handlers do to every typed identifier: NFKC (full-width "Ａ" is "A") and trimmed. */
export function normalizeTyped(value: string): string {
  return value.normalize("NFKC").trim();
}

/** The uniqueness key: NFKC and lower case, so "Bob@X.com" and "bob@x.com" are one account. */
export function toEmailKey(email: string): string {
  return normalizeTyped(email).toLowerCase();
}

/** Django's normalize_email: keep the local part, lower-case the domain. */
export function normalizeEmail(email: string): string {
  const at = email.lastIndexOf("@");
  return at < 0 ? email : `${email.slice(0, at)}${email.slice(at).toLowerCase()}`;
}

export function toUserNameKey(userName: string): string {
  return userName.normalize("NFKC").toLowerCase();
}
