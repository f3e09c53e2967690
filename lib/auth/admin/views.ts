import "server-only";
import type { UserRecord } from "@/lib/db/users";
import type { AdminUserDetail } from "@/lib/auth/admin/directory";

/** An account as the admin API shows it: never the password hash or the credentials version. */
export interface AdminUserJson {
  id: string;
  email: string;
  user_name: string;
  is_active: boolean;
  is_verified: boolean;
  is_staff: boolean;
  is_superuser: boolean;
  date_joined: string;
  last_login: string | null;
}

export function toAdminUserJson(user: UserRecord): AdminUserJson {
  return {
    id: user.id,
    email: user.email,
    user_name: user.userName,
    is_active: user.isActive,
    is_verified: user.isVerified,
    is_staff: user.isStaff,
    is_superuser: user.isSuperuser,
    date_joined: user.dateJoined.toISOString(),
    last_login: user.lastLogin?.toISOString() ?? null,
  };
}

export function toAdminUserDetailJson(detail: AdminUserDetail): Record<string, unknown> {
  return {
    user: toAdminUserJson(detail.user),
    sessions: detail.sessions.map((session) => ({
      id: session.id,
      device: session.device,
      ip: session.ip,
      user_agent: session.userAgent,
      created_at: session.createdAt.toISOString(),
      last_used_at: session.lastUsedAt.toISOString(),
      expires_at: session.expiresAt.toISOString(),
    })),
    second_factors: detail.secondFactors,
    events: detail.events.map((event) => ({
      id: event.id,
      event: event.event,
      created_at: event.createdAt.toISOString(),
      ip: event.ip,
      user_agent: event.userAgent,
      session_id: event.sessionId,
      actor: event.actor ? { id: event.actor.id, user_name: event.actor.userName } : null,
      detail: event.detail,
    })),
  };
}
