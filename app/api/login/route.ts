import { loginUser } from "@/lib/auth/login";
import { parseJsonBody } from "@/lib/http/body";
import { handle, methodNotAllowed } from "@/lib/http/handler";
import { getRequestMeta } from "@/lib/http/client-address";
import { endSessionQuietly } from "@/lib/auth/session";
import { readDeviceCookie, readSessionCookies, respondWithTokens, wantsCookies } from "@/lib/http/session-cookies";
import { loginSchema } from "@/lib/validation/auth";

export const POST = handle(async (request) => {
  const input = await parseJsonBody(request, loginSchema);
  const isBrowser = wantsCookies(request);
  const { pair, deviceToken } = await loginUser(input, getRequestMeta(request), isBrowser ? readDeviceCookie(request) : (input.device_token ?? null));
  // A browser signing in again gives up the session it held: one browser, one live session.
  const previous = isBrowser ? readSessionCookies(request).refresh : null;
  if (previous) await endSessionQuietly(previous, getRequestMeta(request));
  return respondWithTokens(request, 200, {}, pair, deviceToken);
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["POST"]);
