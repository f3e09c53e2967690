import { arePasskeysAvailable } from "@/lib/auth/passkeys";
import { handle, json, methodNotAllowed } from "@/lib/http/handler";

/** Whether this server offers passkeys (APP_URL names a host, not an IP address): the pages hide them otherwise. */
export const GET = handle(async () => json({ available: arePasskeysAvailable() }), { readsNoCredential: true });

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["GET", "HEAD"]);
