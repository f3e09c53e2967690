import { requirePrincipal } from "@/lib/http/authenticate-request";
import { listUserSessions } from "@/lib/auth/session";
import { handle, json, methodNotAllowed } from "@/lib/http/handler";

export const GET = handle(async (request) => json({ sessions: await listUserSessions(await requirePrincipal(request)) }));

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["GET", "HEAD"]);
