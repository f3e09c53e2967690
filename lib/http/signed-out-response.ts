import "server-only";
import { NextResponse } from "next/server";
import { isHttpsRequest } from "@/lib/http/client-address";
import { clearSessionCookies, wantsCookies } from "@/lib/http/session-cookies";

/** The answer to an action that ended the caller's own session: the pages' cookies go with it, as on logout. */
export function respondSignedOut(request: Request, status: number, body?: Record<string, unknown>): NextResponse {
  const response = body ? NextResponse.json(body, { status }) : new NextResponse(null, { status });
  if (wantsCookies(request)) clearSessionCookies(response.cookies, isHttpsRequest(request));
  return response;
}
