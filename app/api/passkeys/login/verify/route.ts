import { signInWithPasskey } from "@/lib/auth/passkeys";
import { AppError } from "@/lib/errors";
import { parseJsonBody } from "@/lib/http/body";
import { getRequestMeta } from "@/lib/http/client-address";
import { handle, methodNotAllowed } from "@/lib/http/handler";
import { readDeviceCookie, readSessionCookies, respondWithTokens, wantsCookies } from "@/lib/http/session-cookies";
import { passkeyLoginSchema } from "@/lib/validation/mfa";

export const POST = handle(async (request) => {
  const input = await parseJsonBody(request, passkeyLoginSchema);
  const isBrowser = wantsCookies(request);
  const { outcome, deviceToken } = await signInWithPasskey(input.passkey, getRequestMeta(request), {
    deviceToken: isBrowser ? readDeviceCookie(request) : (input.device_token ?? null),
    replacesRefresh: isBrowser ? readSessionCookies(request).refresh : null,
  });
  // A verified passkey is two factors: the completion never asks for another.
  if (outcome.status !== "signed_in") throw new AppError("authentication_failed");
  return respondWithTokens(request, 200, {}, outcome.pair, deviceToken ?? undefined);
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["POST"]);
