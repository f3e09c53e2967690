import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
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

export async function recordAuditEvent(
  event: AuditEventName,
  meta: RequestMeta,
  subject: { userId?: string | null; sessionId?: string | null; detail?: Prisma.InputJsonValue } = {},
  tx?: Tx,
): Promise<void> {
  const db = await useDb(tx);
  await db.auditEvent.create({
    data: {
      event,
      userId: subject.userId ?? null,
      sessionId: subject.sessionId ?? null,
      ip: meta.ip?.slice(0, 64) ?? null,
      userAgent: meta.userAgent?.slice(0, 512) ?? null,
      detail: subject.detail,
    },
  });
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

/** One of a user's own events; null when it is someone else's or does not exist. */
export async function findAuditEventOfUser(id: bigint, userId: string, tx?: Tx): Promise<AuditEventSummary | null> {
  const db = await useDb(tx);
  return db.auditEvent.findFirst({ where: { id, userId }, select: auditEventSummarySelect });
}
