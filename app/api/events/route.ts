import { listSecurityEvents, type SecurityEventView } from "@/lib/auth/account-overview";
import { parseQuery } from "@/lib/http/admin-route";
import { requirePrincipal } from "@/lib/http/authenticate-request";
import { handle, json, methodNotAllowed } from "@/lib/http/handler";
import { securityEventQuerySchema } from "@/lib/http/schemas/requests";
import type { SecurityEventJson } from "@/lib/http/schemas/responses";

function toJson(view: SecurityEventView): SecurityEventJson {
  return {
    id: view.id,
    event: view.event,
    label: view.label,
    is_warning: view.isWarning,
    is_reportable: view.isReportable,
    created_at: view.createdAt.toISOString(),
    ip: view.ip,
    device: view.device,
  };
}

/** The caller's own security events, newest first, a page at a time; `id` is what POST /api/account/secure/ takes. */
export const GET = handle(async (request) => {
  const principal = await requirePrincipal(request);
  const page = await listSecurityEvents(principal, parseQuery(request, securityEventQuerySchema));
  return json({ events: page.events.map(toJson), next_cursor: page.nextCursor });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["GET", "HEAD"]);
