import "server-only";
import Bowser from "bowser";

export const UNKNOWN_DEVICE = "Unknown device";

/** Apple's own devices are what people call them; elsewhere the operating system is. */
const appleModels = new Set(["iPhone", "iPad", "iPod"]);

function nameBrowser(name: string | undefined): string | null {
  // "Samsung Internet for Android" on Android reads "Samsung Internet on Android".
  return name ? name.replace(/ for (Android|iOS)$/, "") : null;
}

function namePlace(result: Bowser.Parser.ParsedResult): string | null {
  const model = result.platform.model;
  if (model && appleModels.has(model)) return model;
  return result.os.name ?? null;
}

/**
 * A short human name for a User-Agent ("Firefox on Linux", "Safari on iPhone") from bowser's parser, for
 * the session list and security emails. Anything bowser does not recognise is "Unknown device": the
 * name is never built from the raw string, which whoever signed in chose.
 */
export function describeUserAgent(userAgent: string | null | undefined): string {
  const trimmed = userAgent?.trim();
  if (!trimmed) return UNKNOWN_DEVICE;
  const result = Bowser.parse(trimmed.slice(0, 512));
  const browser = nameBrowser(result.browser.name);
  const place = namePlace(result);
  if (browser && place) return `${browser} on ${place}`;
  return browser ?? (place ? `A browser on ${place}` : UNKNOWN_DEVICE);
}
