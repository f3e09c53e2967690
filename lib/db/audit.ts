import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { getPrisma } from "@/lib/db/client";
import { useDb, type Tx } from "@/lib/db/transaction";
import { countSecurityEvent } from "@/lib/observability/metrics.mjs";
import type { RequestMeta } from "@/lib/request-meta";
import type { AnyAuditEventName } from "@/lib/audit/events";

// The names are the keys of the catalogue of audit events, with their labels and emails (lib/audit/events.ts).
export type { AdminEventName, AuditEventName, ServiceEventName } from "@/lib/audit/events";

export async function recordAuditEvent(
  event: AnyAuditEventName,
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

/** The user's events of these kinds recorded after the event `after` (its id), oldest first. */
export async function listAuditEventsAfter(userId: string, after: bigint, events: readonly AnyAuditEventName[], tx?: Tx): Promise<AuditEventSummary[]> {
  const db = await useDb(tx);
  return db.auditEvent.findMany({ where: { userId, id: { gt: after }, event: { in: [...events] } }, orderBy: { id: "asc" }, select: auditEventSummarySelect });
}
