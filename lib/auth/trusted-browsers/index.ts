// Remembered browsers ("Remember this browser" at a sign-in's second step, 30 days): token.ts makes the
// browser's token and the row a sign-in stores (lib/db/sign-ins.ts writes it with the session, and a later
// password sign-in finds it with the account: lib/auth/sign-in/password.ts); manage.ts is the owner's list
// and "Forget"; forget.ts forgets them all in the transaction of a password change or reset, a factor
// change and "Sign out everywhere".
export { forgetTrustedBrowsers, type TrustedBrowsersForgottenReason } from "@/lib/auth/trusted-browsers/forget";
export { forgetAllTrustedBrowsers, forgetTrustedBrowser, listTrustedBrowserViews, type TrustedBrowserView } from "@/lib/auth/trusted-browsers/manage";
export { hashTrustedBrowserToken, planTrustedBrowser, trustedBrowserHashOf } from "@/lib/auth/trusted-browsers/token";
