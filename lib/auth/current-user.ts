import "server-only";
import { cookies, headers } from "next/headers";
import { getCookieNames } from "@/lib/http/session-cookies";
import { isAppError } from "@/lib/http/errors";
import { authenticateAccessToken, type Principal } from "@/lib/auth/authenticate";

/**
 * The signed-in user for a Server Component, checked against the database (the proxy's check is
 * only a fast path). Reads the cookies of this request, including any the proxy just rotated.
 */
export async function getCurrentPrincipal(): Promise<Principal | null> {
  const headerList = await headers();
  const isSecure = headerList.get("x-auth-secure") === "1";
  const token = (await cookies()).get(getCookieNames(isSecure).access)?.value;
  if (!token) return null;
  try {
    return await authenticateAccessToken(token);
  } catch (error) {
    if (isAppError(error)) return null;
    throw error;
  }
}
