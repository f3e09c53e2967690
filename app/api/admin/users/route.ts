import { searchUsers, toAdminUserJson } from "@/lib/auth/admin";
import { adminRoute, parseQuery } from "@/lib/http/admin-route";
import { json, methodNotAllowed } from "@/lib/http/handler";
import { adminUserQuerySchema } from "@/lib/validation/admin";

/** Staff: accounts matching ?q= (email or user name) and the verified / active / staff filters, a page at a time. */
export const GET = adminRoute(async (request) => {
  const page = await searchUsers(parseQuery(request, adminUserQuerySchema));
  return json({ users: page.users.map(toAdminUserJson), next_cursor: page.nextCursor });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["GET", "HEAD"]);
