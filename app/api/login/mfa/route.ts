import { signInWithSecondFactor } from "@/lib/auth/sign-in/second-step";
import { AppError } from "@/lib/errors";
import { parseJsonBody } from "@/lib/http/body";
import { handle, methodNotAllowed } from "@/lib/http/handler";
import { getRequestMeta } from "@/lib/http/client-address";
import { readSessionCookies, respondWithTokens, wantsCookies } from "@/lib/http/session-cookies";
import { mfaLoginSchema } from "@/lib/validation/mfa";

export const POST = handle(async (request) => {
  const input = await parseJsonBody(request, mfaLoginSchema);
  const isBrowser = wantsCookies(request);
  const { outcome, deviceToken, trustedBrowserToken } = await signInWithSecondFactor(input, getRequestMeta(request), {
    deviceToken: null,
    replacesRefresh: isBrowser ? readSessionCookies(request).refresh : null,
  });
  if (outcome.status !== "signed_in") throw new AppError("mfa_token_invalid");
  return respondWithTokens(request, 200, {}, outcome.pair, deviceToken ?? undefined, trustedBrowserToken ?? undefined);
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["POST"]);
