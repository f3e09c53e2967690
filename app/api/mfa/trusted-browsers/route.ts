import { NextResponse } from "next/server";
import { forgetAllTrustedBrowsers, listTrustedBrowserViews } from "@/lib/auth/trusted-browsers";
import { requirePrincipal } from "@/lib/http/authenticate-request";
import { getRequestMeta, isHttpsRequest } from "@/lib/http/client-address";
import { handle, json, methodNotAllowed } from "@/lib/http/handler";
import { clearTrustedBrowserCookie, readTrustedBrowserCookie } from "@/lib/http/session-cookies";

/** The caller's remembered browsers ("Remember this browser"); `current` marks the asking browser. */
export const GET = handle(async (request) => {
  const principal = await requirePrincipal(request);
  return json({ trusted_browsers: await listTrustedBrowserViews(principal, readTrustedBrowserCookie(request)) });
});

/** "Forget all": every remembered browser asks for the second factor at its next sign-in; 204, and this browser's cookie goes. */
export const DELETE = handle(async (request) => {
  const principal = await requirePrincipal(request);
  await forgetAllTrustedBrowsers(principal, getRequestMeta(request));
  const response = new NextResponse(null, { status: 204 });
  if (readTrustedBrowserCookie(request) !== null) clearTrustedBrowserCookie(response.cookies, isHttpsRequest(request));
  return response;
});

export const { POST, PUT, PATCH, OPTIONS } = methodNotAllowed(["GET", "DELETE"]);
