import "server-only";

/** How the admin pages name audit events; anything not listed reads as its name with spaces. */
const labels: Record<string, string> = {
  user_registered: "Account created",
  login_succeeded: "Signed in",
  login_failed: "Failed sign-in attempt",
  email_verified: "Email verified with a code",
  otp_failed: "Wrong code entered",
  otp_sent: "Code sent",
  email_failed: "Email could not be sent",
  refresh_token_reused: "Old refresh token reused: session ended",
  session_revoked: "Session signed out by the owner",
  logout: "Signed out",
  password_changed: "Password changed",
  password_reset: "Password reset with a code",
  deactivated_by_admin: "Deactivated by an admin",
  reactivated_by_admin: "Reactivated by an admin",
  verified_by_admin: "Marked verified by an admin",
  unverified_by_admin: "Marked not verified by an admin",
  verification_code_sent_by_admin: "Verification code sent by an admin",
  password_reset_code_sent_by_admin: "Password-reset code sent by an admin",
  session_ended_by_admin: "Session ended by an admin",
  sessions_ended_by_admin: "All sessions ended by an admin",
  staff_granted_by_admin: "Made staff by an admin",
  staff_removed_by_admin: "Staff removed by an admin",
  superuser_created_by_cli: "Created as superuser with npm run create-admin",
  superuser_granted_by_cli: "Made superuser with npm run create-admin",
  superuser_created_by_setup_link: "Created as the first superuser with the server's setup link",
};

export function describeEvent(event: string): string {
  if (Object.hasOwn(labels, event)) return labels[event]!;
  const words = event.replaceAll("_", " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}
