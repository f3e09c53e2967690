import path from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { apiOperations, buildOpenApiDocument } from "@/lib/http/openapi";
import { operationErrorCodes } from "@/lib/http/openapi/errors";
import { errorStatus } from "@/lib/http/error-response";
import { documentValidator, listRouteFiles, NOT_API_ROUTES, routeFileToPath } from "../../../tests/support/openapi";

const root = path.resolve(import.meta.dirname, "../../..");
const document = buildOpenApiDocument(apiOperations);
const validator = documentValidator(document);
const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

type Json = Record<string, unknown>;
const operations = Object.entries(document.paths ?? {}).flatMap(([route, item]) =>
  Object.entries(item as Json)
    .filter(([method]) => METHODS.includes(method))
    .map(([method, operation]) => ({ route, method, operation: operation as Json })),
);

function collectRefs(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((child) => collectRefs(child, found));
  else if (node && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      if (key === "$ref" && typeof value === "string") found.push(value);
      else collectRefs(value, found);
    }
  }
  return found;
}

describe("the OpenAPI document, structurally (OpenAPI 3.1)", () => {
  it("has the required top-level fields and only valid path keys", () => {
    expect(document.openapi).toMatch(/^3\.1\.\d+$/);
    expect(document.info.title).not.toBe("");
    expect(document.info.version).not.toBe("");
    for (const route of Object.keys(document.paths ?? {})) expect(route, route).toMatch(/^\/[^\s?#]*$/);
    expect(operations.length).toBe(apiOperations.length);
  });

  it("gives every operation a unique operationId, a declared tag and described responses with valid status codes", () => {
    const ids = operations.map(({ operation }) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    const tags = new Set((document.tags ?? []).map((tag) => tag.name));
    for (const { route, method, operation } of operations) {
      const where = `${method.toUpperCase()} ${route}`;
      for (const tag of operation.tags as string[]) expect(tags.has(tag), where).toBe(true);
      const responses = Object.entries(operation.responses as Json);
      expect(responses.length, where).toBeGreaterThan(0);
      for (const [status, response] of responses) {
        expect(status, where).toMatch(/^([1-5]\d\d|[1-5]XX|default)$/);
        expect(typeof (response as Json).description, `${where} ${status}`).toBe("string");
      }
    }
  });

  it("declares every path template parameter as a required path parameter, and nothing else in the path", () => {
    for (const { route, method, operation } of operations) {
      const inTemplate = [...route.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]).sort();
      const parameters = ((operation.parameters ?? []) as Json[]).filter((parameter) => parameter.in === "path");
      expect(parameters.map((parameter) => parameter.name).sort(), `${method} ${route}`).toEqual(inTemplate);
      for (const parameter of parameters) expect(parameter.required).toBe(true);
      for (const parameter of (operation.parameters ?? []) as Json[]) {
        expect(["query", "header", "path", "cookie"]).toContain(parameter.in);
        expect(parameter.schema ?? parameter.content).toBeDefined();
      }
    }
  });

  it("resolves every $ref and every security requirement", () => {
    const refs = collectRefs(document);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(validator.check(ref.slice(1), undefined), ref).toBeDefined();
    const schemes = Object.keys(document.components?.securitySchemes ?? {});
    for (const { operation } of operations) {
      for (const requirement of (operation.security ?? []) as Json[]) for (const name of Object.keys(requirement)) expect(schemes).toContain(name);
    }
  });

  it("documents both transports: Bearer and the httpOnly cookie, with the CSRF rule", () => {
    const schemes = document.components?.securitySchemes as unknown as Record<string, Json>;
    expect(schemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    expect(schemes.cookieAuth).toMatchObject({ type: "apiKey", in: "cookie", name: "access" });
    expect(document.info.description).toContain("csrf_failed");
    const login = document.paths?.["/api/login/"]?.post as Json;
    expect((login.parameters as Json[]).map((parameter) => parameter.name)).toContain("x-auth-transport");
  });
});

describe("the registry", () => {
  it("answers each operation's error codes under the status error-response.ts gives them", () => {
    for (const entry of apiOperations) {
      const responses = (document.paths?.[entry.path] as Json)[entry.method] as { responses: Record<string, { content?: Json }> };
      for (const code of operationErrorCodes(entry)) {
        const examples = (responses.responses[String(errorStatus[code])]?.content?.["application/json"] as Json | undefined)?.examples as Json | undefined;
        expect(examples?.[code], `${entry.method} ${entry.path} ${code}`).toBeDefined();
      }
    }
  });

  it("documents every error code of lib/errors.ts on some operation (405 is said once, in the introduction)", () => {
    const documented = new Set(apiOperations.flatMap(operationErrorCodes));
    const codes = Object.keys(errorStatus).filter((code) => code !== "method_not_allowed");
    expect(codes.filter((code) => !documented.has(code as keyof typeof errorStatus))).toEqual([]);
    expect(document.info.description).toContain("method_not_allowed");
  });

  it("documents the body schema each handler parses, and every example request passes that same zod schema", () => {
    for (const entry of apiOperations.filter((operation) => operation.body)) {
      const parsed = (entry.body!.schema as z.ZodType).safeParse(entry.body!.example);
      expect(parsed.success, `${entry.method} ${entry.path}: ${parsed.error?.message}`).toBe(true);
      const pointer = validator.requestPointer(entry.path, entry.method);
      expect(pointer).not.toBeNull();
      expect(validator.check(pointer!, entry.body!.example), `${entry.method} ${entry.path}`).toEqual([]);
    }
  });

  it("refuses in the document what the handler's schema refuses: unknown fields, and each missing required field", () => {
    let required = 0;
    for (const entry of apiOperations.filter((operation) => operation.body)) {
      const pointer = validator.requestPointer(entry.path, entry.method)!;
      expect(validator.check(pointer, { ...entry.body!.example, unexpected: 1 }), entry.path).not.toEqual([]);
      for (const field of Object.keys(entry.body!.example)) {
        const { [field]: _dropped, ...missing } = entry.body!.example;
        const parsed = (entry.body!.schema as z.ZodType).safeParse(missing);
        const zodRequires = parsed.error?.issues.some((issue) => issue.path[0] === field) ?? false;
        const documentRequires = validator.check(pointer, missing).some((error) => error.includes(`"missingProperty":"${field}"`));
        expect(documentRequires, `${entry.method} ${entry.path}: is ${field} required?`).toBe(zodRequires);
        if (zodRequires) required += 1;
      }
    }
    expect(required).toBeGreaterThan(10);
  });

  it("validates every documented example against its documented schema", () => {
    let checked = 0;
    for (const { route, method, operation } of operations) {
      for (const [status, response] of Object.entries(operation.responses as Record<string, Json>)) {
        const media = (response.content as Json | undefined)?.["application/json"] as Json | undefined;
        if (!media) continue;
        const pointer = validator.responsePointer(route, method, Number(status))!;
        const examples = [media.example, ...Object.values((media.examples ?? {}) as Record<string, Json>).map((example) => example.value)].filter((value) => value !== undefined);
        for (const example of examples) {
          expect(validator.check(pointer, example), `${method} ${route} ${status}`).toEqual([]);
          checked += 1;
        }
      }
    }
    expect(checked).toBeGreaterThan(apiOperations.length * 2);
    // Some hundred schema compilations: about 3 s on an idle machine, past vitest's default 5 s when it is busy.
  }, 30_000);

  it("rejects answers that break the documented shape", () => {
    const pointer = validator.responsePointer("/api/me/", "get", 200)!;
    expect(validator.check(pointer, { id: "not-a-uuid", email: "ada@example.com", user_name: "ada", is_verified: true, date_joined: "2026-12-04T06:49:36.000Z", last_login: null })).not.toEqual([]);
    const error = validator.responsePointer("/api/login/", "post", 401)!;
    expect(validator.check(error, { detail: "x", code: "authentication_failed" })).toEqual([]);
    expect(validator.check(error, { detail: "x", code: "token_not_valid" })).not.toEqual([]);
  });
});

describe("route files and documented paths", () => {
  it("document every route file's path, and have a route file for every documented path", async () => {
    const files = (await listRouteFiles(root)).filter((file) => !(file in NOT_API_ROUTES));
    const served = files.map(routeFileToPath).sort();
    const documented = Object.keys(document.paths ?? {}).sort();
    expect(served.filter((route) => !documented.includes(route)), "route files without a documented path").toEqual([]);
    expect(documented.filter((route) => !served.includes(route)), "documented paths without a route file").toEqual([]);
  });

  it("maps route files to the paths clients call", () => {
    expect(routeFileToPath("app/api/sessions/[id]/route.ts")).toBe("/api/sessions/{id}/");
    expect(routeFileToPath("app/.well-known/jwks.json/route.ts")).toBe("/.well-known/jwks.json");
    expect(routeFileToPath("app/api/(admin)/users/route.ts")).toBe("/api/users/");
  });
});
