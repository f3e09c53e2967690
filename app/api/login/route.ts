import { loginUser } from "@/lib/auth/login";
import { parseJsonBody } from "@/lib/http/body";
import { handle, methodNotAllowed } from "@/lib/http/handler";
import { getRequestMeta } from "@/lib/http/client-address";
import { endSessionQuietly } from "@/lib/auth/session";
import { readSessionCookies, respondWithTokens, wantsCookies } from "@/lib/http/session-cookies";
import { loginSchema } from "@/lib/validation/auth";

export const POST = handle(async (request) => {
  const input = await parseJsonBody(request, loginSchema);
  const pair = await loginUser(input, getRequestMeta(request));
  // A browser signing in again gives up the session it held: one browser, one live session.
  const previous = wantsCookies(request) ? readSessionCookies(request).refresh : null;
  if (previous) await endSessionQuietly(previous, getRequestMeta(request));
  return respondWithTokens(request, 200, {}, pair);
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["POST"]);
