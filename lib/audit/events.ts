// Every audit event there is, one entry each: its name (the key: what recordAuditEvent takes and the audit
// table stores), how the account's owner reads it on the dashboard, how staff read it on the admin pages,
// whether the dashboard shows it as a warning, whether the owner can answer it with "This wasn't me", and,
// for the events the owner is emailed about, the email's wording. A new event is one entry here:
//   mfa_enabled: account("Two-factor authentication turned on", "Second factor enabled", { isWarning: true }),
// Pure data and wording: it imports only its shared sentences (./wording.ts), so the database layer takes its
// names from here too. How the pages read a row is ./describe.ts.

import { describeSignInMethods, lowerFirst, RESET_ADVICE, signInMethodsInShort, TALKED_INTO_IT } from "./wording";

/** What a security email says: lib/email/templates.ts puts it in its frame (when, device, IP). */
export interface SecurityNoticeText {
  subject: string;
  happened: string;
  ifNotYou: string;
}

export interface AuditEventEntry {
  /** Who did it: the account (its owner, or we on its behalf), an operator, or the service (no account). */
  scope: "account" | "operator" | "service";
  /** The owner's label on the dashboard. */
  owner: string;
  /** The staff's label on the admin pages. */
  admin: string;
  isWarning: boolean;
  /** Whether "This wasn't me" applies: something a person may have done in the owner's name. */
  isReportable: boolean;
  /** Events about a one-time code: the owner's label names the kind of code (`purpose` in the row's detail). */
  byCodeKind?: (kind: string) => string;
  /** Sign-ins: the owner's label says how (`amr` in the row's detail; rows without one keep `owner`). */
  byMethods?: (methods: readonly string[]) => string;
  /** The security email sent when it happens, to the account's verified address (lib/auth/security-emails.ts). */
  email?: (facts: never) => SecurityNoticeText;
}

interface Flags {
  isWarning?: boolean;
  isReportable?: boolean;
}

const account = (owner: string, admin: string, flags: Flags = {}) =>
  ({ scope: "account", owner, admin, isWarning: flags.isWarning ?? false, isReportable: flags.isReportable ?? true }) as const;

// What an operator did is never the owner's to report, and is shown without the operator's address and browser.
const operator = (owner: string, admin: string, flags: Omit<Flags, "isReportable"> = {}) =>
  ({ scope: "operator", owner, admin, isWarning: flags.isWarning ?? false, isReportable: false }) as const;

// About the service itself, never about one account: on no dashboard.
const service = (label: string) => ({ scope: "service", owner: label, admin: label, isWarning: false, isReportable: false }) as const;

export const auditEvents = {
  user_registered: account("Account created", "Account created", { isReportable: false }),
  email_change_requested: account("Email change requested", "Email change requested"),
  email_changed: {
    ...account("Email address changed: your other sessions were signed out", "Email changed", { isWarning: true }),
    /** To the address the account had before: `newEmail` is where it went. */
    email: (facts: { previousEmail: string; newEmail: string }): SecurityNoticeText => ({
      subject: "The email address of your account was changed",
      happened: `The email address of your account was changed from ${facts.previousEmail} to ${facts.newEmail}. This address no longer signs in to it, and every other device was signed out.`,
      ifNotYou:
        "someone who knew your password took the account. Tell the people who run this service at once, writing from this address, and change that password wherever else you use it.",
    }),
  },
  security_email_failed: account("A security notice could not be emailed", "Security email failed", { isWarning: true, isReportable: false }),
  login_succeeded: {
    ...account("Signed in", "Signed in"),
    byMethods: (methods: readonly string[]) => `Signed in ${signInMethodsInShort(methods)}`,
    /**
     * Only for a device the account has not signed in from before (its notice is called `new_device`).
     * `methods`: the session's amr; `passkeyName`: the passkey that signed in, when one did.
     */
    email: (facts: { methods: readonly string[]; passkeyName: string | null }): SecurityNoticeText => {
      const { how, ifNotYou } = describeSignInMethods(facts.methods, facts.passkeyName);
      return { subject: "New sign-in to your account", happened: `Your account was just signed in to from a device it has not used before${how ? `, ${how}` : ""}.`, ifNotYou };
    },
  },
  login_failed: account("Failed sign-in attempt", "Failed sign-in attempt", { isWarning: true }),
  email_verified: account("Email address verified", "Email verified with a code"),
  otp_failed: { ...account("Wrong verification code entered", "Wrong code entered", { isWarning: true }), byCodeKind: (kind: string) => `Wrong ${kind.toLowerCase()} entered` },
  otp_sent: { ...account("Verification code sent", "Code sent"), byCodeKind: (kind: string) => `${kind} sent` },
  email_failed: {
    ...account("Verification email could not be sent", "Email could not be sent", { isWarning: true, isReportable: false }),
    byCodeKind: (kind: string) => `${kind} could not be emailed`,
  },
  refresh_token_reused: {
    ...account("Old sign-in token reused: that session was signed out", "Old refresh token reused: session ended", { isWarning: true }),
    /** `endedDevice`: the device of the session that was ended because one of its refresh tokens came back. */
    email: (facts: { endedDevice: string }): SecurityNoticeText => ({
      subject: "A session of your account was signed out",
      happened: `An old sign-in token of your session on ${facts.endedDevice} was presented again, which happens when a token has been copied. We signed that session out; sign in again on that device.`,
      ifNotYou: `someone may have copied data from that device. ${RESET_ADVICE}`,
    }),
  },
  session_revoked: account("Session signed out", "Session signed out by the owner"),
  // Signing out only ever ends the signer's own access: nobody else can harm the account that way.
  logout: account("Signed out", "Signed out", { isReportable: false }),
  password_changed: {
    ...account("Password changed: your other sessions were signed out", "Password changed"),
    email: (): SecurityNoticeText => ({
      subject: "Your password was changed",
      happened: "The password of your account was changed, and every other device was signed out.",
      ifNotYou: `someone was signed in to your account and knew your password. ${RESET_ADVICE}`,
    }),
  },
  password_reset: {
    ...account("Password reset with an emailed code: every session was signed out", "Password reset with a code", { isWarning: true }),
    email: (): SecurityNoticeText => ({
      subject: "Your password was reset",
      happened: "The password of your account was reset with a code sent to this address, and every device was signed out.",
      ifNotYou: `someone can read this mailbox. Change the password of your email account first. Then ${lowerFirst(RESET_ADVICE)}`,
    }),
  },
  other_sessions_revoked: account("Signed out everywhere else", "Other sessions revoked"),
  logout_everywhere: account("Signed out everywhere", "Logout everywhere"),
  account_secured: account("Reported as not you: every session was signed out and a reset code sent", "Account secured", { isWarning: true, isReportable: false }),

  // Second factors (lib/auth/mfa). Their emails are worded here; lib/auth/security-emails.ts sends them once it has their kinds.
  mfa_enabled: {
    ...account("Two-factor authentication turned on", "Second factor enabled", { isWarning: true }),
    email: (): SecurityNoticeText => ({
      subject: "Two-factor authentication was turned on",
      happened: "An authenticator app was set up for your account: signing in now also needs a code from it.",
      ifNotYou: `someone signed in to your account and can now keep you out of it. ${RESET_ADVICE} Then tell the people who run this service.`,
    }),
  },
  // The app added to an account whose second factor was a passkey: two-factor was on already, the recovery codes stay.
  totp_added: {
    ...account("Authenticator app added", "Authenticator app added (beside a passkey)", { isWarning: true }),
    email: (): SecurityNoticeText => ({
      subject: "An authenticator app was added to your account",
      happened: "An authenticator app was set up for your account: signing in can now also take a code from it, beside your passkey. Your recovery codes are unchanged.",
      ifNotYou: `someone was signed in to your account and can now pass its second step with codes from their own app. Turn the app off on your dashboard with one of your recovery codes, then ${lowerFirst(RESET_ADVICE)}`,
    }),
  },
  mfa_disabled: {
    ...account("Two-factor authentication turned off", "Second factor removed", { isWarning: true }),
    email: (): SecurityNoticeText => ({
      subject: "Two-factor authentication was turned off",
      happened: "The authenticator app of your account was removed, with its recovery codes: signing in needs only the password now.",
      ifNotYou: `someone knows your password and had a code from your app or a recovery code. ${RESET_ADVICE}`,
    }),
  },
  // The app removed while a passkey remains: two-factor stays on, and so do the recovery codes.
  totp_removed: {
    ...account("Authenticator app removed: your passkey still counts as your second factor", "Authenticator app removed (a passkey remains)", { isWarning: true }),
    email: (): SecurityNoticeText => ({
      subject: "An authenticator app was removed from your account",
      happened: "The authenticator app of your account was removed. Two-factor authentication stays on: signing in still needs your passkey or a recovery code after the password.",
      ifNotYou: `someone knows your password and had a code from your app or a recovery code. ${RESET_ADVICE}`,
    }),
  },
  recovery_codes_regenerated: {
    ...account("New recovery codes made: the earlier ones no longer work", "Recovery codes regenerated", { isWarning: true }),
    email: (): SecurityNoticeText => ({
      subject: "New recovery codes were made for your account",
      happened: "Ten new recovery codes were made for your account; the earlier ones no longer work.",
      ifNotYou: `someone was signed in to your account. ${RESET_ADVICE}`,
    }),
  },
  // The session proved a second factor again for a sensitive change (POST /api/mfa/verify/).
  mfa_step_up: account("Second factor confirmed for a sensitive change", "Step-up with a second factor"),
  // "Remember this browser": forgotten by the owner, or all at once by a password change or reset, a factor change or "Sign out everywhere" (`reason`).
  trusted_browser_forgotten: account("Remembered browser forgotten: it asks for the second factor again", "Trusted browser forgotten"),
  mfa_failed: account("Wrong second-factor code entered", "Wrong second-factor code", { isWarning: true }),
  recovery_code_used: {
    ...account("A recovery code was used", "Recovery code used", { isWarning: true }),
    /** `remaining`: the unused codes left after this one. */
    email: (facts: { remaining: number }): SecurityNoticeText => ({
      subject: "A recovery code of your account was used",
      happened: `One of your recovery codes was used instead of your authenticator app. ${facts.remaining === 1 ? "1 unused code remains" : `${facts.remaining} unused codes remain`}; make new ones on your dashboard when they run low.`,
      ifNotYou: `someone knows your password and has your recovery codes. ${RESET_ADVICE}`,
    }),
  },
  passkey_added: {
    ...account("Passkey added", "Passkey added", { isWarning: true }),
    /** `name`: the passkey's name as the account gave it. */
    email: (facts: { name: string }): SecurityNoticeText => ({
      subject: "A passkey was added to your account",
      happened: `A passkey named "${facts.name}" was added to your account: it can now sign in without the password.`,
      ifNotYou:
        'someone was signed in to your account and can now sign in with that passkey whenever they like. Remove it on your dashboard, then reset your password with "Forgot your password?" on the sign-in page, which signs out every device.',
    }),
  },
  passkey_removed: {
    ...account("Passkey removed", "Passkey removed", { isWarning: true }),
    email: (facts: { name: string }): SecurityNoticeText => ({
      subject: "A passkey was removed from your account",
      happened: `The passkey named "${facts.name}" was removed from your account: it no longer signs in.`,
      ifNotYou: `someone was signed in to your account. ${RESET_ADVICE}`,
    }),
  },
  passkey_clone_detected: account("A copy of one of your passkeys was refused", "Passkey clone detected (signature counter went back)", { isWarning: true }),

  // Written with the acting operator in the detail (recordAdminEvent in lib/db/admin-users.ts).
  deactivated_by_admin: operator("Account deactivated by an administrator: every session was signed out", "Deactivated by an admin", { isWarning: true }),
  reactivated_by_admin: operator("Account reactivated by an administrator", "Reactivated by an admin"),
  verified_by_admin: operator("Email address marked verified by an administrator", "Marked verified by an admin"),
  unverified_by_admin: operator("Email verification withdrawn by an administrator", "Marked not verified by an admin", { isWarning: true }),
  verification_code_sent_by_admin: operator("An administrator sent you a verification code", "Verification code sent by an admin"),
  password_reset_code_sent_by_admin: operator("An administrator sent you a password reset code", "Password-reset code sent by an admin", { isWarning: true }),
  session_ended_by_admin: operator("A session was signed out by an administrator", "Session ended by an admin", { isWarning: true }),
  sessions_ended_by_admin: operator("Every session was signed out by an administrator", "All sessions ended by an admin", { isWarning: true }),
  passkey_removed_by_admin: {
    ...operator("A passkey was removed by an administrator", "Passkey removed by an admin", { isWarning: true }),
    /** `name`: the passkey's name; `wasLastFactor`: it was the account's last second factor (the recovery codes went with it). */
    email: (facts: { name: string; wasLastFactor: boolean }): SecurityNoticeText => ({
      subject: "An administrator removed a passkey from your account",
      happened:
        `An administrator removed the passkey named "${facts.name}" from your account, as is done for someone who lost it: it no longer signs in.` +
        (facts.wasLastFactor ? " It was your last second factor, so your recovery codes went with it and signing in needs only your password now: set up two-factor authentication again on your dashboard." : ""),
      ifNotYou: TALKED_INTO_IT,
    }),
  },
  mfa_disabled_by_admin: {
    ...operator("Two-factor authentication removed by an administrator", "Second factors removed by an admin", { isWarning: true }),
    email: (): SecurityNoticeText => ({
      subject: "An administrator turned off two-factor authentication for your account",
      happened:
        "An administrator removed the second factors of your account (authenticator app, passkeys and recovery codes), as is done for someone who lost them. Signing in needs only your password now: set up two-factor authentication again on your dashboard.",
      ifNotYou: TALKED_INTO_IT,
    }),
  },
  staff_granted_by_admin: operator("Administrator access granted", "Made staff by an admin", { isWarning: true }),
  staff_removed_by_admin: operator("Administrator access removed", "Staff removed by an admin"),
  account_deleted_by_admin: operator("Account deleted by an administrator", "Account deleted by admin", { isWarning: true }),
  superuser_created_by_cli: operator("Account created as an administrator from the command line", "Created as superuser with npm run create-admin"),
  superuser_granted_by_cli: operator("Administrator access granted from the command line", "Made superuser with npm run create-admin", { isWarning: true }),
  superuser_created_by_setup_link: operator(
    "Account created as the first administrator with the server's setup link",
    "Created as the first superuser with the server's setup link",
  ),

  signing_key_rotated: service("Signing key rotated"),
} as const satisfies Record<string, AuditEventEntry>;

type Catalogue = typeof auditEvents;
type NamesIn<Scope> = { [Name in keyof Catalogue]: Catalogue[Name]["scope"] extends Scope ? Name : never }[keyof Catalogue];

/** Events about an account, by its owner or by us on its behalf. */
export type AuditEventName = NamesIn<"account">;
/** What operators did to an account. */
export type AdminEventName = NamesIn<"operator">;
/** About the service itself, never about one account. */
export type ServiceEventName = NamesIn<"service">;
export type AnyAuditEventName = keyof Catalogue;

export function isAuditEventName(name: string): name is AnyAuditEventName {
  return Object.hasOwn(auditEvents, name);
}
