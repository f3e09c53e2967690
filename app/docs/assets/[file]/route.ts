import { readFile } from "node:fs/promises";
import path from "node:path";
import { AppError } from "@/lib/errors";
import { handle, methodNotAllowed } from "@/lib/http/handler";

/**
 * The /docs page's files, read from the installed swagger-ui-dist package (nothing vendored, no CDN); the
 * page's own component starts it. Only the files named here are served.
 */
const PACKAGE_DIR = path.join(process.cwd(), "node_modules", "swagger-ui-dist");

const FILES: Record<string, { type: string; read: () => Promise<string | Buffer> }> = {
  "swagger-ui.css": { type: "text/css; charset=utf-8", read: () => readFile(path.join(PACKAGE_DIR, "swagger-ui.css")) },
  "swagger-ui-bundle.js": { type: "text/javascript; charset=utf-8", read: () => readFile(path.join(PACKAGE_DIR, "swagger-ui-bundle.js")) },
};

const cache = new Map<string, string | Buffer>();

export const GET = handle(
  async (request) => {
    // Not decoded: the names served are plain, so a % in the last segment is simply no file (and cannot throw).
    const name = new URL(request.url).pathname.split("/").pop() ?? "";
    const file = Object.hasOwn(FILES, name) ? FILES[name] : undefined;
    if (!file) throw new AppError("not_found");
    let content = cache.get(name);
    if (content === undefined) {
      content = await file.read();
      cache.set(name, content);
    }
    return new Response(content as BodyInit, { headers: { "Content-Type": file.type, "Cache-Control": "public, max-age=3600" } });
  },
  { readsNoCredential: true },
);

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["GET", "HEAD"]);
