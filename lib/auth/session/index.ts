// Sign-in sessions: one family of rotated refresh tokens each. start.ts plans one (lib/auth/sign-in/complete.ts,
// where every sign-in ends, writes it), rotate.ts exchanges its refresh token, end.ts ends them (endSessions
// is the only way anything does: logout, sign out everywhere, credential changes, admins; a browser's
// session replaced by its new sign-in is ended by the sign-in's own statement, as end.ts plans it), manage.ts lists
// and ends the user's own sessions, ended.ts tells a browser why its session is gone; token-pair.ts plans
// and signs the pairs they hand out. Devices (their names) are lib/auth/devices.
export { planSession, renewPairInSession, signSession, type PlannedSession } from "@/lib/auth/session/start";
export { signPair, type SuccessorClaims } from "@/lib/auth/session/token-pair";
export { rotateRefreshToken } from "@/lib/auth/session/rotate";
export { endAllSessions, endSession, endSessionQuietly, endSessions, planReplacedSession, type ReplacedSession, type SessionEndReason, type SessionsToEnd } from "@/lib/auth/session/end";
export { findSessionEndNotice, SESSION_ENDED_PARAM, wasSessionEndedElsewhere, type SessionEndNotice } from "@/lib/auth/session/ended";
export {
  listSessionViews,
  listUserSessions,
  revokeOtherSessions,
  revokeUserSession,
  type SessionListItem,
  type SessionView,
} from "@/lib/auth/session/manage";
