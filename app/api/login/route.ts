import { describeSecondStep } from "@/lib/auth/sign-in/authentication";
import { signInWithPassword } from "@/lib/auth/sign-in/password";
import { AppError } from "@/lib/errors";
import { parseJsonBody } from "@/lib/http/body";
import { handle, methodNotAllowed } from "@/lib/http/handler";
import { getRequestMeta } from "@/lib/http/client-address";
import { readDeviceCookie, readSessionCookies, readTrustedBrowserCookie, respondWithTokens, wantsCookies } from "@/lib/http/session-cookies";
import { loginSchema } from "@/lib/validation/auth";

export const POST = handle(async (request) => {
  const input = await parseJsonBody(request, loginSchema);
  const isBrowser = wantsCookies(request);
  const { outcome, deviceToken } = await signInWithPassword(input, getRequestMeta(request), {
    deviceToken: isBrowser ? readDeviceCookie(request) : (input.device_token ?? null),
    replacesRefresh: isBrowser ? readSessionCookies(request).refresh : null,
    trustedBrowserToken: isBrowser ? readTrustedBrowserCookie(request) : (input.trusted_browser_token ?? null),
  });
  if (outcome.status !== "signed_in") {
    throw new AppError("mfa_required", { detail: describeSecondStep(outcome.methods), extras: { mfa_token: outcome.mfaToken, methods: outcome.methods } });
  }
  return respondWithTokens(request, 200, {}, outcome.pair, deviceToken ?? undefined);
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["POST"]);
