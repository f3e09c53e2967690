import { listPasskeysOf } from "@/lib/auth/passkeys";
import { requirePrincipal } from "@/lib/http/authenticate-request";
import { handle, json, methodNotAllowed } from "@/lib/http/handler";

/** The caller's passkeys: name, when added and last used, device type, backed up. */
export const GET = handle(async (request) => json(await listPasskeysOf(await requirePrincipal(request))));

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["GET", "HEAD"]);
