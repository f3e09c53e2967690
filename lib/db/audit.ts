import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { getPrisma } from "@/lib/db/client";
import { useDb, type Tx } from "@/lib/db/transaction";
import { countSecurityEvent } from "@/lib/observability/metrics.mjs";
import type { RequestMeta } from "@/lib/request-meta";

export type AuditEventName =
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
  | "password_changed";

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

export async function listAuditEvents(userId: string, take = 20): Promise<{ event: string; createdAt: Date; ip: string | null }[]> {
  const prisma = await getPrisma();
  return prisma.auditEvent.findMany({
    where: { userId },
    orderBy: { createdAt: "desc" },
    take,
    select: { event: true, createdAt: true, ip: true },
  });
}
