import { endSession, endSessionQuietly } from "@/lib/auth/session";
import { parseJsonBody } from "@/lib/http/body";
import { AppError } from "@/lib/errors";
import { handle, methodNotAllowed } from "@/lib/http/handler";
import { getRequestMeta, isHttpsRequest } from "@/lib/http/client-address";
import { clearSessionCookies, pickRefreshToken, wantsCookies } from "@/lib/http/session-cookies";
import { NextResponse } from "next/server";
import { logoutSchema } from "@/lib/validation/auth";

export const POST = handle(async (request) => {
  const input = await parseJsonBody(request, logoutSchema);
  const token = pickRefreshToken(request, input.refresh);
  if (!wantsCookies(request)) {
    if (!token) throw new AppError("validation_error", { errors: { refresh: ["This field is required."] } });
    await endSession(token, getRequestMeta(request));
    return new Response(null, { status: 205 });
  }
  // A browser is signed out whatever state its cookies were in.
  if (token) await endSessionQuietly(token, getRequestMeta(request));
  const response = new NextResponse(null, { status: 205 });
  clearSessionCookies(response.cookies, isHttpsRequest(request));
  return response;
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["POST"]);
