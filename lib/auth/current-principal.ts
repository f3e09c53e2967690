import "server-only";
import { cookies, headers } from "next/headers";
import { cache } from "react";
import { getCookieNames, SECURE_REQUEST_HEADER } from "@/lib/auth/config";
import { authenticateAccessToken, type Principal } from "@/lib/auth/principal";
import { isCredentialRejected } from "@/lib/errors";

/**
 * The signed-in user for a Server Component, checked against the database (the proxy's check is
 * only a fast path). Reads the cookies of this request, including any the proxy just rotated; asked
 * once per render however many components want it.
 */
export const getCurrentPrincipal = cache(async (): Promise<Principal | null> => {
  const headerList = await headers();
  const isSecure = headerList.get(SECURE_REQUEST_HEADER) === "1";
  const token = (await cookies()).get(getCookieNames(isSecure).access)?.value;
  if (!token) return null;
  try {
    return await authenticateAccessToken(token);
  } catch (error) {
    if (isCredentialRejected(error)) return null;
    throw error;
  }
});
