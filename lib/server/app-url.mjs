// APP_URL, the public URL of the pages, as both the server scripts (plain Node) and the app read it: the
// passkeys' relying party is its host name and their expected origin its origin.
import net from "node:net";

/** APP_URL, or http://localhost:$PORT when unset (the pages as `npm start` serves them). */
export function appUrlOf(env) {
  const configured = env.APP_URL?.trim();
  return configured ? configured : `http://localhost:${env.PORT?.trim() || 3000}`;
}

/**
 * Why passkeys cannot work with this URL, or null when they can. WebAuthn takes a registrable domain name as
 * the relying-party ID, never an IP address, so browsers refuse every ceremony on such a host.
 */
export function passkeysOffReason(appUrl) {
  if (!URL.canParse(appUrl)) return null;
  const host = new URL(appUrl).hostname.replace(/^\[|\]$/g, "");
  if (net.isIP(host) === 0) return null;
  return `APP_URL (${appUrl}) names an IP address, which WebAuthn does not accept as a relying party; set APP_URL to the pages' URL with a host name (http://localhost:PORT for a local run)`;
}
