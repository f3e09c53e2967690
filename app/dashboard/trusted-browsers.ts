import "server-only";
import { cookies, headers } from "next/headers";
import type { TrustedBrowserItem } from "@/components/trusted-browsers";
import { getCookieNames, SECURE_REQUEST_HEADER } from "@/lib/auth/config";
import type { Principal } from "@/lib/auth/principal";
import { listTrustedBrowserViews } from "@/lib/auth/trusted-browsers";

/** The signed-in user's remembered browsers for the dashboard; this browser's cookie marks the current one. */
export async function listTrustedBrowsersForPage(principal: Principal): Promise<TrustedBrowserItem[]> {
  const isSecure = (await headers()).get(SECURE_REQUEST_HEADER) === "1";
  const token = (await cookies()).get(getCookieNames(isSecure).trustedBrowser)?.value ?? null;
  const views = await listTrustedBrowserViews(principal, token);
  return views.map((view) => ({ id: view.id, device: view.device, createdAt: view.created_at, lastUsedAt: view.last_used_at, isCurrent: view.current }));
}
