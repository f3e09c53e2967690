// The route pattern of a request path, from the build's routes manifest: what request logs and metrics
// are labelled with, so a label never holds an id, a token or anything else a client chose.
import fs from "node:fs";
import path from "node:path";

/** API patterns are written as the README documents them, with the trailing slash. */
const label = (page) => (page.startsWith("/api/") ? `${page}/` : page);

/** Next's internal pages: never the route of a request someone sent. */
const INTERNAL_PAGES = new Set(["/_not-found", "/_global-error"]);
/** Catch-alls that only answer "no such endpoint": a path they take is one no route serves (logged by its path). */
const FALLBACK_PAGES = new Set(["/api/[[...path]]"]);

/** The path of a request target, without its query (which may carry a token). */
export function pathOf(url) {
  const target = url ?? "/";
  if (!target.startsWith("/")) {
    try {
      return new URL(target).pathname;
    } catch {
      return "/";
    }
  }
  const query = target.indexOf("?");
  return query === -1 ? target : target.slice(0, query);
}

/**
 * A function from a request path to its route pattern (`/api/sessions/[id]/`, `/dashboard`,
 * `/_next/*`), or null when no route serves it. `manifest` is Next's routes-manifest.json.
 */
export function createRouteMatcher(manifest) {
  const statics = new Map();
  for (const route of manifest?.staticRoutes ?? []) if (!INTERNAL_PAGES.has(route.page)) statics.set(route.page, label(route.page));
  const dynamics = (manifest?.dynamicRoutes ?? []).filter((route) => !FALLBACK_PAGES.has(route.page)).map((route) => ({ regex: new RegExp(route.regex), pattern: label(route.page) }));
  return (pathname) => {
    if (pathname.startsWith("/_next/")) return "/_next/*";
    const trimmed = pathname.length > 1 && pathname.endsWith("/") ? pathname.slice(0, -1) : pathname;
    const known = statics.get(trimmed);
    if (known) return known;
    return dynamics.find((route) => route.regex.test(pathname))?.pattern ?? null;
  };
}

/** The matcher of the build in `distDir`; without a readable manifest every path is unmatched. */
export function loadRouteMatcher(distDir) {
  try {
    return createRouteMatcher(JSON.parse(fs.readFileSync(path.join(distDir, "routes-manifest.json"), "utf8")));
  } catch (error) {
    console.error(`[server] no route patterns for logs and metrics (${error instanceof Error ? error.message : String(error)})`);
    return createRouteMatcher(null);
  }
}
