import "server-only";
import { listPasskeys } from "@/lib/db/passkeys";
import { findUserById, findUserNames, listLiveSessions, listRecentEvents, listUsers, type UserCursor } from "@/lib/db/admin-users";
import type { Tx } from "@/lib/db/transaction";
import type { UserRecord } from "@/lib/db/users";
import { AppError } from "@/lib/errors";
import type { AdminUserQuery } from "@/lib/validation/admin";
import { describeUserAgent } from "@/lib/auth/devices";
import { getSecondFactorStatus, type SecondFactorStatus } from "@/lib/auth/mfa";
import { toPasskeyView, type PasskeyView } from "@/lib/auth/passkeys/view";

const PAGE_SIZE = 25;
const EVENT_COUNT = 50;
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface AdminUserPage {
  users: UserRecord[];
  /** Opaque; null on the last page. */
  nextCursor: string | null;
}

export interface AdminSessionView {
  id: string;
  device: string;
  ip: string | null;
  userAgent: string | null;
  createdAt: Date;
  lastUsedAt: Date;
  expiresAt: Date;
}

export interface AdminEventView {
  id: string;
  event: string;
  createdAt: Date;
  ip: string | null;
  userAgent: string | null;
  sessionId: string | null;
  /** The operator who did it, when an operator did. */
  actor: { id: string; userName: string | null } | null;
  detail: unknown;
}

export interface AdminUserDetail {
  user: UserRecord;
  sessions: AdminSessionView[];
  /** Which second factors the account has (what its owner's GET /api/mfa/ answers): never a secret. */
  secondFactors: SecondFactorStatus;
  /** Its passkeys, as the owner's list shows them. */
  passkeys: PasskeyView[];
  events: AdminEventView[];
}

function encodeCursor(user: UserRecord): string {
  return Buffer.from(JSON.stringify([user.dateJoined.toISOString(), user.id])).toString("base64url");
}

function decodeCursor(cursor: string): UserCursor {
  try {
    const [joined, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown[];
    const dateJoined = new Date(typeof joined === "string" ? joined : Number.NaN);
    // Only what encodeCursor writes: an ISO instant that reads back as itself, in years the database stores.
    const isOurs = !Number.isNaN(dateJoined.getTime()) && dateJoined.toISOString() === joined && dateJoined.getUTCFullYear() >= 1970 && dateJoined.getUTCFullYear() <= 9999;
    if (typeof id === "string" && UUID.test(id) && isOurs) return { dateJoined, id };
  } catch {
    // falls through to the refusal
  }
  throw new AppError("validation_error", { errors: { cursor: ["This cursor is not valid. Start again from the first page."] } });
}

/** Users matching the filters, newest first, one page at a time. */
export async function searchUsers(query: AdminUserQuery): Promise<AdminUserPage> {
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  const filters = { search: query.q, isVerified: query.verified, isActive: query.active, isStaff: query.staff };
  const { users, hasMore } = await listUsers(filters, after, query.limit ?? PAGE_SIZE);
  const last = users.at(-1);
  return { users, nextCursor: hasMore && last ? encodeCursor(last) : null };
}

/** The account, or 404 for an unknown or malformed id (a malformed one would otherwise reach the database). */
export async function loadTargetUser(id: string, tx?: Tx): Promise<UserRecord> {
  const user = UUID.test(id) ? await findUserById(id, tx) : null;
  if (!user) throw new AppError("not_found", { detail: "No such user." });
  return user;
}

function actorIdOf(detail: unknown): string | null {
  if (typeof detail !== "object" || detail === null || !("actor_id" in detail)) return null;
  return typeof detail.actor_id === "string" ? detail.actor_id : null;
}

/** Everything an operator looks at on one account: profile, live sessions, and its recent audit events. */
export async function getUserDetail(id: string): Promise<AdminUserDetail> {
  const user = await loadTargetUser(id);
  const [sessions, events, secondFactors, passkeys] = await Promise.all([
    listLiveSessions(user.id),
    listRecentEvents(user.id, EVENT_COUNT),
    getSecondFactorStatus(user.id),
    listPasskeys(user.id),
  ]);
  const actorIds = [...new Set(events.map((event) => actorIdOf(event.detail)).filter((actor): actor is string => actor !== null))];
  const names = await findUserNames(actorIds);
  return {
    user,
    sessions: sessions.map((session) => ({ ...session, device: describeUserAgent(session.userAgent) })),
    secondFactors,
    passkeys: passkeys.map(toPasskeyView),
    events: events.map((event) => {
      const actorId = actorIdOf(event.detail);
      return {
        id: event.id.toString(),
        event: event.event,
        createdAt: event.createdAt,
        ip: event.ip,
        userAgent: event.userAgent,
        sessionId: event.sessionId,
        actor: actorId ? { id: actorId, userName: names.get(actorId) ?? null } : null,
        detail: event.detail,
      };
    }),
  };
}
