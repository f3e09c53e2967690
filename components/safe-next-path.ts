const BASE = "http://same-site.invalid";

/** True for a path that stays on this site however a browser or Next resolves it. */
function isSameSitePath(path: string): boolean {
  if (!path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\")) return false;
  // Control characters and whitespace never belong in a path we produced ourselves; browsers drop tabs
  // and newlines ("/\t/evil" is "//evil") and read backslashes as slashes.
  if (/[\u0000-\u0020\u007f\\]/.test(path)) return false;
  return URL.canParse(path, BASE) && new URL(path, BASE).origin === BASE;
}

/**
 * Where to go after signing in: only a path on this site. The decision is taken on the normalised
 * result, not the raw input: dot segments collapse when parsed ("/.//evil.example" and "/a/..//evil.example"
 * become "//evil.example"), so what is returned is checked again and must resolve to itself.
 */
export function toSafeNextPath(value: string | string[] | undefined | null, fallback = "/dashboard"): string {
  if (typeof value !== "string" || value.length === 0 || value.length > 2048 || !isSameSitePath(value)) return fallback;
  const url = new URL(value, BASE);
  const path = `${url.pathname}${url.search}${url.hash}`;
  if (!isSameSitePath(path)) return fallback;
  const again = new URL(path, BASE);
  return `${again.pathname}${again.search}${again.hash}` === path ? path : fallback;
}
