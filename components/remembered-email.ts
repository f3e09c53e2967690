const KEY = "keystone:sign-in-email";

/**
 * The address a finished password reset hands to the sign-in page in this tab (not in the URL, where
 * it would reach history and server logs). Read once: the sign-in page takes it and forgets it.
 */
export function rememberSignInEmail(email: string): void {
  try {
    sessionStorage.setItem(KEY, email);
  } catch {
    // Storage off: the sign-in form starts empty, as before.
  }
}

export function takeSignInEmail(): string | null {
  try {
    const email = sessionStorage.getItem(KEY);
    sessionStorage.removeItem(KEY);
    return email;
  } catch {
    return null;
  }
}
