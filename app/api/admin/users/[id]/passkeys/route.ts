import { listUserPasskeys } from "@/lib/auth/admin";
import { adminRoute } from "@/lib/http/admin-route";
import { json, methodNotAllowed } from "@/lib/http/handler";

/** Staff: the account's passkeys (name, added, last used, device type, backed up). */
export const GET = adminRoute<{ id: string }>(async (_request, { params }) => json(await listUserPasskeys(params.id)));

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["GET"]);
