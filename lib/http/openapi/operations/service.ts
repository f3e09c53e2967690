import { z } from "zod";
import { healthSchema, jwksSchema, openApiDocumentSchema, readinessSchema } from "@/lib/http/schemas/responses";
import type { ApiOperation } from "@/lib/http/openapi/types";

/** Public documents and probes: no credential is read, nothing is written. */
export const serviceOperations: ApiOperation[] = [
  {
    path: "/api/health/",
    method: "get",
    operationId: "health",
    tag: "Operations",
    summary: "Liveness: the process answers",
    description: "Asks nothing of the database; see /api/ready/ for that. Never cached.",
    access: "public",
    responses: { 200: { description: "Alive.", schema: healthSchema, example: { status: "ok" } } },
  },
  {
    path: "/api/ready/",
    method: "get",
    operationId: "ready",
    tag: "Operations",
    summary: "Readiness: database, migrations, keys",
    description: "200 when the database answers within 2 s, every migration of this build is applied and the signing keys are loaded; 503 naming the failing part otherwise.",
    access: "public",
    responses: {
      200: { description: "Ready.", schema: readinessSchema, example: { status: "ok", checks: { database: "ok", migrations: "ok", keys: "ok" } } },
      503: {
        description: "Not ready: each failing part says why.",
        schema: readinessSchema,
        example: { status: "unavailable", checks: { database: "unreachable: timeout after 2000 ms", migrations: "unknown", keys: "ok" } },
      },
    },
  },
  {
    path: "/.well-known/jwks.json",
    method: "get",
    operationId: "jwks",
    tag: "Operations",
    summary: "The public signing keys (JWKS)",
    description: "What a downstream service verifies our access tokens with (by `kid`). Such a service accepts an access token until its `exp`, even after logout; use /api/introspect/ where revocation must be instant.",
    access: "public",
    responses: {
      200: {
        description: "The key set.",
        schema: jwksSchema,
        headers: { "Cache-Control": "public, max-age=300, must-revalidate" },
        example: { keys: [{ kty: "OKP", crv: "Ed25519", x: "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo", kid: "Yb1q2n3kX7d0Vw8h4tS6eJm9pQ5rZc1aF3gK7uL2oN4", alg: "EdDSA", use: "sig" }] },
      },
    },
  },
  {
    path: "/api/metrics/",
    method: "get",
    operationId: "metrics",
    tag: "Operations",
    summary: "Prometheus metrics of every server process",
    description:
      "Off (404 `not_found`, as if absent) unless the server has `METRICS_TOKEN`; then only with `Authorization: Bearer <METRICS_TOKEN>`. Requests and latency by route pattern and status, sign-ins ok and failed, refresh rotations, reuse detections, rate-limit refusals, email failures and every audited event, summed over all worker processes of the instance (`app_server_processes` says how many answered). Never cached.",
    access: "secret",
    errors: ["not_found", "not_authenticated", "token_not_valid", "csrf_failed"],
    errorDetails: { token_not_valid: "The metrics token is not valid." },
    responses: {
      200: {
        description: "Prometheus text exposition format 0.0.4.",
        mediaType: "text/plain; version=0.0.4; charset=utf-8",
        schema: z.string(),
        example: '# HELP auth_sign_ins_total Password sign-ins, by result (ok or failed).\n# TYPE auth_sign_ins_total counter\nauth_sign_ins_total{result="ok"} 42\nauth_sign_ins_total{result="failed"} 3\n',
      },
    },
  },
  {
    path: "/api/openapi.json",
    method: "get",
    operationId: "openApiDocument",
    tag: "Operations",
    summary: "This document (OpenAPI 3.1)",
    description: "Generated from the zod schemas the handlers validate with; rendered interactively at /docs.",
    access: "public",
    responses: { 200: { description: "The OpenAPI document.", schema: openApiDocumentSchema } },
  },
];
