const BASE = "http://same-site.invalid";

/**
 * Where to go after signing in: only a path on this site. "//evil.example", "/\\evil.example" and
 * anything the URL parser would turn into another origin (tabs and newlines are stripped by browsers,
 * so "/\t/evil.example" is "//evil.example") fall back to the default.
 */
export function toSafeNextPath(value: string | string[] | undefined | null, fallback = "/dashboard"): string {
  if (typeof value !== "string" || value.length === 0 || value.length > 2048) return fallback;
  if (!value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  // Control characters and whitespace never belong in a path we produced ourselves.
  if (/[\u0000-\u0020\u007f\\]/.test(value)) return fallback;
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
