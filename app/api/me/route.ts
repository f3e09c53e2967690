import { requirePrincipal } from "@/lib/http/authenticate-request";
import { handle, json, methodNotAllowed } from "@/lib/http/handler";

/** The caller's own profile. */
export const GET = handle(async (request) => {
  const { user } = await requirePrincipal(request);
  return json({
    id: user.id,
    email: user.email,
    user_name: user.userName,
    is_verified: user.isVerified,
    date_joined: user.dateJoined.toISOString(),
    last_login: user.lastLogin?.toISOString() ?? null,
  });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["GET", "HEAD"]);
