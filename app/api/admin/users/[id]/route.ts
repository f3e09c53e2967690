import { deleteUserAccount, getUserDetail, toAdminUserDetailJson, toAdminUserJson, updateUserStanding } from "@/lib/auth/admin";
import { adminRoute } from "@/lib/http/admin-route";
import { parseJsonBody } from "@/lib/http/body";
import { getRequestMeta } from "@/lib/http/client-address";
import { json, methodNotAllowed } from "@/lib/http/handler";
import { adminUserUpdateSchema } from "@/lib/validation/admin";

/** Staff: the account's profile, live sessions and recent audit events. */
export const GET = adminRoute<{ id: string }>(async (_request, { params }) => json(toAdminUserDetailJson(await getUserDetail(params.id))));

/** Staff: is_active / is_verified; superusers also is_staff. Answers the updated profile. */
export const PATCH = adminRoute<{ id: string }>(async (request, { actor, params }) => {
  const changes = await parseJsonBody(request, adminUserUpdateSchema);
  return json({ user: toAdminUserJson(await updateUserStanding(actor, params.id, changes, getRequestMeta(request))) });
});

/** Superusers: deletes the account for good. */
export const DELETE = adminRoute<{ id: string }>(async (request, { actor, params }) => {
  await deleteUserAccount(actor, params.id, getRequestMeta(request));
  return new Response(null, { status: 204 });
});

export const { POST, PUT, OPTIONS } = methodNotAllowed(["GET", "HEAD", "PATCH", "DELETE"]);
