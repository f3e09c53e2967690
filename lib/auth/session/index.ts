// Sign-in sessions: one family of rotated refresh tokens each. start.ts opens one (every way of signing
// in ends there), rotate.ts exchanges its refresh token, end.ts logs it out, manage.ts lists and ends the
// user's own sessions; token-pair.ts plans and signs the pairs they hand out.
export { openSession, renewPairInSession, signSession, type OpenedSession } from "@/lib/auth/session/start";
export { signPair } from "@/lib/auth/session/token-pair";
export { rotateRefreshToken } from "@/lib/auth/session/rotate";
export { endSession, endSessionQuietly } from "@/lib/auth/session/end";
export { describeUserAgent, listSessionViews, listUserSessions, revokeUserSession, type SessionListItem, type SessionView } from "@/lib/auth/session/manage";
