import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import { expect } from "vitest";
import type { OpenApiDocument } from "@/lib/http/openapi/document";
import { call, type ApiResponse, type CallInit } from "./api";

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

type RouteHandler = (request: Request, context?: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** `documented("POST /api/x/", handler, body, init)`: a call whose answer is held to the document. */
export type DocumentedCall = <T = Record<string, unknown>>(
  operation: `${"GET" | "POST" | "PUT" | "PATCH" | "DELETE"} ${string}`,
  handler: RouteHandler,
  body?: unknown,
  init?: CallInit & { url?: string },
) => Promise<ApiResponse<T>>;

/**
 * Calls a handler as a client would, then holds the answer to the document: the status must be documented
 * for this path and method, and the body must match its schema (an empty body where none is documented).
 * A request that succeeds must also match the documented request schema.
 */
export function documentedCaller(document: OpenApiDocument, validator: DocumentValidator): DocumentedCall {
  const expectDocumentedAnswer = documentedAnswerCheck(document, validator);
  return async (operation, handler, body, init = {}) => {
    const [method, docPath] = operation.split(" ") as [string, string];
    const res = await call<never>(handler, init.url ?? docPath, body, { method, ...init });
    expectDocumentedAnswer(method, docPath, res);
    if (res.status < 300 && body !== undefined && init.rawBody === undefined) {
      const request = validator.requestPointer(docPath, method);
      expect(request, `${operation}: request body documented`).not.toBeNull();
      expect(validator.check(request!, body), `${operation} request`).toEqual([]);
    }
    return res;
  };
}

/** Expects an answer's status to be documented for this path and method, and its body to match that status' schema. */
export function documentedAnswerCheck(document: OpenApiDocument, validator: DocumentValidator): (method: string, docPath: string, res: ApiResponse<unknown>) => void {
  return (method, docPath, res) => {
    const operation = `${method} ${docPath}`;
    const where = `${operation} -> ${res.status} ${res.text.slice(0, 300)}`;
    const responses = (document.paths?.[docPath] as Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }> | undefined)?.[method.toLowerCase()]?.responses;
    expect(responses, `${operation} is documented`).toBeDefined();
    expect(Object.keys(responses!), `${where}: status documented`).toContain(String(res.status));
    const mediaTypes = Object.keys(responses![String(res.status)]?.content ?? {});
    const pointer = validator.responsePointer(docPath, method, res.status);
    if (pointer) expect(validator.check(pointer, res.body), where).toEqual([]);
    else if (mediaTypes.length > 0) expect(mediaTypes.map((type) => type.split(";")[0]), where).toContain(res.headers.get("content-type")?.split(";")[0]);
    else expect(res.text, `${where}: no body documented`).toBe("");
  };
}
