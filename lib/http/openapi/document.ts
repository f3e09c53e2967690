import { z } from "zod";
import { createDocument, type oas31, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from "zod-openapi";
import { COOKIE_TRANSPORT_HEADER, getCookieNames } from "@/lib/auth/config";
import { emailSchema, otpSchema, passwordSchema, userNameSchema } from "@/lib/validation/auth";
import { errorResponses } from "@/lib/http/openapi/errors";
import type { Access, ApiOperation } from "@/lib/http/openapi/types";

export type OpenApiDocument = oas31.OpenAPIObject;

const cookies = { plain: getCookieNames(false), secure: getCookieNames(true) };

const DESCRIPTION = `JSON in, JSON out. Every path answers with and without its trailing slash.

**Two transports.** API clients send \`Authorization: Bearer <access>\` and get tokens in response bodies. Our own pages send \`${COOKIE_TRANSPORT_HEADER}: cookie\` instead: tokens then travel only in httpOnly, SameSite=Lax cookies (\`${cookies.plain.access}\` / \`${cookies.plain.refresh}\`, or \`${cookies.secure.access}\` / \`${cookies.secure.refresh}\` over HTTPS) and never appear in a body. A sign-in also sets the device cookie (\`${cookies.plain.device}\` / \`${cookies.secure.device}\`, httpOnly, SameSite=Strict, 180 days, kept at logout): the browser's own budget of failed sign-ins to that account (see /api/login/). A second step with \`remember_browser: true\` sets the remembered-browser cookie (\`${cookies.plain.trustedBrowser}\` / \`${cookies.secure.trustedBrowser}\`, httpOnly, SameSite=Strict, 30 days, kept at logout): this browser's password sign-ins to that account skip the second step (see /api/mfa/trusted-browsers/).

**CSRF.** Any request that rides on those cookies (and carries no Bearer token) must come from our own pages: \`Sec-Fetch-Site: same-origin\`, or failing that an \`Origin\` equal to the host. Otherwise: 403 \`csrf_failed\`. The public documents (health, readiness, JWKS, this one) read no credential and are exempt.

**Errors** all have one shape, \`{"detail", "code", "errors"?}\`: \`errors\` holds per-field messages for \`validation_error\`. A body that is not JSON is 415, malformed JSON 400 \`invalid_json\`, a body that is not an object 400 \`invalid_request\`, a body over MAX_BODY_BYTES 413. Limits answer 429 with \`Retry-After\`.

**Other origins.** Browser apps on the origins listed in CORS_ORIGINS may call with a Bearer token: preflights are answered by each path's \`OPTIONS\`, answers carry \`Access-Control-Allow-Origin\`. Cookie requests stay same-origin only (never \`Access-Control-Allow-Credentials\`).

**Methods.** A method a path does not serve is 405 \`method_not_allowed\` with \`Allow\`; \`OPTIONS\` answers 204 with the same \`Allow\`. Any path under /api/ that no route serves is 404 \`not_found\` in the same JSON shape.`;

const SECURITY_SCHEMES = {
  bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "JWT", description: "An access token from /api/login/, /api/register/ or /api/refresh/ (EdDSA, typ at+jwt)." },
  cookieAuth: {
    type: "apiKey",
    in: "cookie",
    name: cookies.plain.access,
    description: `The pages' httpOnly access cookie (\`${cookies.secure.access}\` over HTTPS), set by the token endpoints when the request says \`${COOKIE_TRANSPORT_HEADER}: cookie\`. Same-origin requests only (see CSRF above).`,
  },
  serverSecret: { type: "http", scheme: "bearer", description: "A secret from the server's configuration (METRICS_TOKEN, INTROSPECTION_SECRET), never a user's token." },
} satisfies Record<string, oas31.SecuritySchemeObject>;

const USER: oas31.SecurityRequirementObject[] = [{ bearerAuth: [] }, { cookieAuth: [] }];
const SECURITY: Record<Access, oas31.SecurityRequirementObject[]> = {
  public: [],
  anonymous: [],
  optional: [{}, ...USER],
  user: USER,
  verified: USER,
  staff: USER,
  secret: [{ serverSecret: [] }],
};

const transportHeader = z.object({
  [COOKIE_TRANSPORT_HEADER]: z.literal("cookie").optional().meta({ description: "`cookie`: tokens are set as httpOnly cookies and left out of the body (the pages' transport)." }),
});

/**
 * The shared field schemas normalise before they validate (NFKC, trimming), which JSON Schema renders as a
 * bare string: these restore the rules a client should know. The schemas themselves stay untouched.
 */
const FIELD_RULES = new Map<unknown, Record<string, unknown>>([
  [emailSchema, { type: "string", format: "email", maxLength: 254, examples: ["ada@example.com"], description: "ASCII address, compared case-insensitively after NFKC normalisation." }],
  [userNameSchema, { type: "string", minLength: 1, maxLength: 150, pattern: "^[\\p{L}\\p{N}_.@+-]+$", examples: ["ada"], description: "Letters, digits and @ . + - _ (after NFKC normalisation)." }],
  [otpSchema, { type: "string", pattern: "^\\s*\\d{6}\\s*$", examples: ["123456"], description: "The 6-digit code from the email." }],
  [passwordSchema, { description: "8 to 128 characters; not a common password, not numeric only, not containing the email or user name." }],
]);

function toOperationObject(operation: ApiOperation): ZodOpenApiOperationObject {
  const success = Object.fromEntries(
    Object.entries(operation.responses).map(([status, spec]) => [
      status,
      {
        description: spec.description,
        headers: spec.headers && Object.fromEntries(Object.entries(spec.headers).map(([name, value]) => [name, { description: value, schema: { type: "string" as const } }])),
        content: spec.schema && { [spec.mediaType ?? "application/json"]: { schema: spec.schema, ...(spec.example === undefined ? {} : { example: spec.example }) } },
      },
    ]),
  );
  const body = operation.body;
  const bodyContent = body && { schema: body.schema, example: body.example };
  return {
    operationId: operation.operationId,
    summary: operation.summary,
    description: operation.description,
    tags: [operation.tag],
    security: SECURITY[operation.access],
    requestParams: {
      ...(operation.params ?? {}),
      ...(operation.issuesTokens ? { header: transportHeader } : {}),
    },
    requestBody: bodyContent && {
      required: body.required ?? true,
      content: body.formEncoded ? { "application/json": bodyContent, "application/x-www-form-urlencoded": bodyContent } : { "application/json": bodyContent },
    },
    responses: { ...success, ...errorResponses(operation) },
  };
}

/** Renders the registry as an OpenAPI 3.1 document (zod-openapi over the handlers' own schemas). */
export function buildOpenApiDocument(operations: ApiOperation[]): OpenApiDocument {
  const paths: ZodOpenApiPathsObject = {};
  for (const operation of operations) {
    const item = (paths[operation.path] ??= {});
    if (item[operation.method]) throw new Error(`Two registry entries for ${operation.method.toUpperCase()} ${operation.path}`);
    item[operation.method] = toOperationObject(operation);
  }
  const tags = [...new Set(operations.map((operation) => operation.tag))].map((name) => ({ name }));
  return createDocument({
    openapi: "3.1.0",
    info: { title: "Keystone Auth API", version: "1.0.0", description: DESCRIPTION },
    servers: [{ url: "/" }],
    tags,
    paths,
    components: { securitySchemes: SECURITY_SCHEMES },
  }, {
    override: ({ jsonSchema, zodSchema }) => {
      const rules = FIELD_RULES.get(zodSchema);
      if (rules) Object.assign(jsonSchema, rules);
    },
  }) as OpenApiDocument;
}

let cached: OpenApiDocument | undefined;

/** The document of this build, rendered once per process. */
export async function getOpenApiDocument(): Promise<OpenApiDocument> {
  const { apiOperations } = await import("@/lib/http/openapi/index");
  cached ??= buildOpenApiDocument(apiOperations);
  return cached;
}
