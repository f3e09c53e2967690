import "server-only";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { appUrlOf, passkeysOffReason } from "@/lib/server/app-url.mjs";

/** Who passkeys are created for and where their ceremonies must happen, from APP_URL. */
export interface RelyingParty {
  /** The relying-party ID: APP_URL's host name. */
  id: string;
  /** The origin every clientDataJSON must name. */
  origin: string;
  /** What the browser shows beside the passkey (APP_NAME). */
  name: string;
}

/** The relying party, or null when APP_URL's host is an IP address (passkeys are off). */
export function findRelyingParty(): RelyingParty | null {
  const env = getEnv();
  const appUrl = appUrlOf({ APP_URL: env.APP_URL, PORT: env.PORT });
  if (passkeysOffReason(appUrl) !== null) return null;
  const url = new URL(appUrl);
  return { id: url.hostname, origin: url.origin, name: env.APP_NAME };
}

/** The relying party for a passkey endpoint: 404 `passkeys_unavailable` while passkeys are off. */
export function requireRelyingParty(): RelyingParty {
  const relyingParty = findRelyingParty();
  if (!relyingParty) throw new AppError("passkeys_unavailable");
  return relyingParty;
}

/** Whether the pages should offer passkeys. */
export function arePasskeysAvailable(): boolean {
  return findRelyingParty() !== null;
}
