import { NextResponse } from "next/server";
import { z } from "zod";
import { forgetTrustedBrowser } from "@/lib/auth/trusted-browsers";
import { AppError } from "@/lib/errors";
import { requirePrincipal } from "@/lib/http/authenticate-request";
import { getRequestMeta, isHttpsRequest } from "@/lib/http/client-address";
import { handle, methodNotAllowed } from "@/lib/http/handler";
import { clearTrustedBrowserCookie, readTrustedBrowserCookie } from "@/lib/http/session-cookies";

type Context = { params: Promise<{ id: string }> };

/** DELETE /api/mfa/trusted-browsers/{id}/: "Forget" one remembered browser. Not one of yours, or not an id at all: 404. */
export async function DELETE(request: Request, context?: Context): Promise<Response> {
  return handle(async () => {
    const principal = await requirePrincipal(request);
    const id = z.uuid().safeParse((await context?.params)?.id);
    if (!id.success) throw new AppError("not_found", { detail: "No such remembered browser." });
    const currentToken = readTrustedBrowserCookie(request);
    const { wasCurrent } = await forgetTrustedBrowser(principal, id.data, currentToken, getRequestMeta(request));
    const response = new NextResponse(null, { status: 204 });
    if (wasCurrent) clearTrustedBrowserCookie(response.cookies, isHttpsRequest(request));
    return response;
  })(request);
}

export const { GET, POST, PUT, PATCH, OPTIONS } = methodNotAllowed(["DELETE"]);
