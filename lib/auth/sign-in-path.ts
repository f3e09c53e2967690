import "server-only";
import { cookies, headers } from "next/headers";
import { getCookieNames, SECURE_REQUEST_HEADER } from "@/lib/auth/config";
import { findSessionEndNotice, SESSION_ENDED_PARAM } from "@/lib/auth/session";

/**
 * Where a page sends a visitor it cannot serve: the sign-in page, coming back to `next`, and told so when
 * the session its cookies hold was ended elsewhere (another device, an administrator). For Server
 * Components; the proxy does the same for a session whose refresh it refused.
 */
export async function getSignInPath(next: string): Promise<string> {
  const isSecure = (await headers()).get(SECURE_REQUEST_HEADER) === "1";
  const names = getCookieNames(isSecure);
  const jar = await cookies();
  const params = new URLSearchParams({ next });
  const tokens = { access: jar.get(names.access)?.value ?? null, refresh: jar.get(names.refresh)?.value ?? null };
  const notice = await findSessionEndNotice(tokens);
  if (notice) params.set(SESSION_ENDED_PARAM, notice);
  return `/login?${params}`;
}
