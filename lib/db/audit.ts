import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { getPrisma } from "@/lib/db/client";
import { useDb, type Tx } from "@/lib/db/transaction";
import { countSecurityEvent } from "@/lib/observability/metrics.mjs";
import type { RequestMeta } from "@/lib/request-meta";

export type AuditEventName =
  | "email_change_requested"
  | "email_changed"
  | "security_email_failed"
  | "user_registered"
  | "login_succeeded"
  | "login_failed"
  | "email_verified"
  | "otp_failed"
  | "otp_sent"
  | "email_failed"
  | "refresh_token_reused"
  | "session_revoked"
  | "logout"
  | "password_reset"
  | "password_changed"
  | "other_sessions_revoked"
  | "logout_everywhere"
  | "account_secured";

/**
 * What operators did to an account, written with the acting operator in the detail (recordAdminEvent in
 * lib/db/admin-users.ts). Named to read well on the owner's dashboard ("deactivated by admin").
 */
export type AdminEventName =
  | "deactivated_by_admin"
  | "reactivated_by_admin"
  | "verified_by_admin"
  | "unverified_by_admin"
  | "verification_code_sent_by_admin"
  | "password_reset_code_sent_by_admin"
  | "session_ended_by_admin"
  | "sessions_ended_by_admin"
  | "staff_granted_by_admin"
  | "staff_removed_by_admin"
  | "account_deleted_by_admin"
  | "superuser_created_by_cli"
  | "superuser_created_by_setup_link"
  | "superuser_granted_by_cli";

/** About the service itself, never about one account (no user; never on a dashboard). */
export type ServiceEventName = "signing_key_rotated";

export async function recordAuditEvent(
  event: AuditEventName | AdminEventName | ServiceEventName,
  meta: RequestMeta,
  subject: { userId?: string | null; sessionId?: string | null; detail?: Prisma.InputJsonValue } = {},
  tx?: Tx,
): Promise<void> {
  const db = await useDb(tx);
  const row = {
    event,
    userId: subject.userId ?? null,
    sessionId: subject.sessionId ?? null,
    ip: meta.ip?.slice(0, 64) ?? null,
    userAgent: meta.userAgent?.slice(0, 512) ?? null,
    detail: subject.detail,
  };
  try {
    await db.auditEvent.create({ data: row });
  } catch (error) {
    // Written after the answer, the row may outlive its account (deleted meanwhile): kept without the user,
    // as the deletion itself would have left it. Inside a transaction the failure is the caller's to handle.
    if (tx || !row.userId || !(error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2003")) throw error;
    await db.auditEvent.create({ data: { ...row, userId: null } });
  }
  // Every security event passes here: the one hook for the sign-in, reuse and event metrics.
  countSecurityEvent(event);
}

export interface AuditEventSummary {
  id: bigint;
  event: string;
  createdAt: Date;
  ip: string | null;
  userAgent: string | null;
  detail: Prisma.JsonValue;
}

const auditEventSummarySelect = { id: true, event: true, createdAt: true, ip: true, userAgent: true, detail: true } as const;

export async function listAuditEvents(userId: string, take = 20): Promise<AuditEventSummary[]> {
  const prisma = await getPrisma();
  return prisma.auditEvent.findMany({
    where: { userId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
    select: auditEventSummarySelect,
  });
}

/** A page of a user's events, newest recorded first: those before the event `before` (its id), if given. */
export async function listAuditEventsBefore(userId: string, before: bigint | null, take: number): Promise<AuditEventSummary[]> {
  const prisma = await getPrisma();
  return prisma.auditEvent.findMany({
    where: { userId, ...(before === null ? {} : { id: { lt: before } }) },
    orderBy: { id: "desc" },
    take,
    select: auditEventSummarySelect,
  });
}

/** One of a user's own events; null when it is someone else's or does not exist. */
export async function findAuditEventOfUser(id: bigint, userId: string, tx?: Tx): Promise<AuditEventSummary | null> {
  const db = await useDb(tx);
  return db.auditEvent.findFirst({ where: { id, userId }, select: auditEventSummarySelect });
}
