// Operators' powers over accounts: who may use them (access.ts), what they see (directory.ts), what they
// do (actions.ts, and second-factors.ts and passkeys.ts for a locked-out user's factors; each one audited with the operator's id), and the view the admin API answers with;
// first-admin.ts makes the first one from the setup link the server prints while there is none.
export { assertMayChange, isStaffAccount, isSuperuser, requireStaff, requireSuperuser, type StaffPrincipal } from "@/lib/auth/admin/access";
export { deleteUserAccount, endUserSession, endUserSessions, sendUserCode, updateUserStanding } from "@/lib/auth/admin/actions";
export { removeUserSecondFactors } from "@/lib/auth/admin/second-factors";
export { listUserPasskeys, removeUserPasskey } from "@/lib/auth/admin/passkeys";
export { getUserDetail, searchUsers, type AdminEventView, type AdminSessionView, type AdminUserDetail, type AdminUserPage } from "@/lib/auth/admin/directory";
export { toAdminUserDetailJson, toAdminUserJson, type AdminUserJson } from "@/lib/auth/admin/views";
export { createFirstAdmin, isFirstAdminSetupOpen, offerSetupLink, SETUP_LINK_LIFETIME, type FirstAdminResult } from "@/lib/auth/admin/first-admin";
