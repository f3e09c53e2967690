import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import type { OpenApiDocument } from "@/lib/http/openapi/document";

/**
 * Checks values against the rendered OpenAPI document (JSON Schema 2020-12, as OpenAPI 3.1 uses), not
 * against the zod schemas: what is verified is what a client reading the document would rely on.
 */
export interface DocumentValidator {
  /** Errors of `value` against the schema at a JSON pointer into the document; [] when it conforms. */
  check(pointer: string, value: unknown): string[];
  /** The pointer of the response schema of path + method + status, or null when the document has none. */
  responsePointer(path: string, method: string, status: number): string | null;
  requestPointer(path: string, method: string, mediaType?: string): string | null;
}

const escape = (segment: string): string => segment.replaceAll("~", "~0").replaceAll("/", "~1");

const FORMATS: Record<string, RegExp | ((value: string) => boolean)> = {
  "date-time": (value) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value) && !Number.isNaN(Date.parse(value)),
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  email: /^[^\s@]+@[^\s@]+\.[^\s@]+$/,
  uri: (value) => URL.canParse(value),
};

export function documentValidator(document: OpenApiDocument): DocumentValidator {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  for (const [name, format] of Object.entries(FORMATS)) ajv.addFormat(name, format);
  ajv.addSchema({ ...document, $id: "openapi.json" });
  const compiled = new Map<string, ValidateFunction>();
  const at = (pointer: string): unknown =>
    pointer
      .split("/")
      .slice(1)
      .reduce<unknown>((node, segment) => (node as Record<string, unknown> | undefined)?.[segment.replaceAll("~1", "/").replaceAll("~0", "~")], document);
  return {
    check(pointer, value) {
      let validate = compiled.get(pointer);
      if (!validate) {
        validate = ajv.compile({ $ref: `openapi.json#${pointer}` });
        compiled.set(pointer, validate);
      }
      return validate(value) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath || "(body)"} ${error.message} ${JSON.stringify(error.params)}`);
    },
    responsePointer(path, method, status) {
      const pointer = `/paths/${escape(path)}/${method.toLowerCase()}/responses/${status}/content/application~1json/schema`;
      return at(pointer) === undefined ? null : pointer;
    },
    requestPointer(path, method, mediaType = "application/json") {
      const pointer = `/paths/${escape(path)}/${method.toLowerCase()}/requestBody/content/${escape(mediaType)}/schema`;
      return at(pointer) === undefined ? null : pointer;
    },
  };
}

/** The documented path a route file serves: `app/api/sessions/[id]/route.ts` -> `/api/sessions/{id}/`. */
export function routeFileToPath(file: string): string {
  const segments = file
    .replace(/^app\//, "")
    .replace(/\/?route\.ts$/, "")
    .split("/")
    .filter((segment) => segment !== "" && !/^\(.*\)$/.test(segment))
    .map((segment) => segment.replace(/^\[(?:\.\.\.)?(.+)\]$/, "{$1}"));
  const last = segments.at(-1) ?? "";
  return `/${segments.join("/")}${last.includes(".") ? "" : "/"}`;
}

/** Route files that are no API operation, each with its reason. */
export const NOT_API_ROUTES: Record<string, string> = {
  "app/api/[[...path]]/route.ts": "the JSON 404 for any path no route serves (the document's introduction says so)",
  "app/docs/assets/[file]/route.ts": "the script and style files of the /docs page",
};

/** Every app/**\/route.ts, relative to the repository root. */
export async function listRouteFiles(root: string): Promise<string[]> {
  const { readdirSync } = await import("node:fs");
  return readdirSync(`${root}/app`, { recursive: true, encoding: "utf8" })
    .filter((file) => file === "route.ts" || file.endsWith("/route.ts"))
    .map((file) => `app/${file}`)
    .sort();
}
