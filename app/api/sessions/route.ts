import { requirePrincipal } from "@/lib/http/authenticate-request";
import { listUserSessions } from "@/lib/auth/user-sessions";
import { handle, json } from "@/lib/http/handler";
import { AppError } from "@/lib/http/errors";

export const GET = handle(async (request) => json({ sessions: await listUserSessions(await requirePrincipal(request)) }));

const notAllowed = handle(async () => new AppError("method_not_allowed", { headers: { Allow: "GET" } }).toResponse());
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
