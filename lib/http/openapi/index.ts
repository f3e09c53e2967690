import { accountOperations } from "@/lib/http/openapi/operations/account";
import { adminOperations } from "@/lib/http/openapi/operations/admin";
import { adminFactorOperations } from "@/lib/http/openapi/operations/admin-factors";
import { authOperations } from "@/lib/http/openapi/operations/auth";
import { emailOperations } from "@/lib/http/openapi/operations/email";
import { introspectionOperations } from "@/lib/http/openapi/operations/introspection";
import { mfaOperations } from "@/lib/http/openapi/operations/mfa";
import { passkeyOperations } from "@/lib/http/openapi/operations/passkeys";
import { serviceOperations } from "@/lib/http/openapi/operations/service";
import { sessionsOperations } from "@/lib/http/openapi/operations/sessions";
import type { ApiOperation } from "@/lib/http/openapi/types";

export type { Access, ApiOperation, ApiResponseSpec, HttpMethod } from "@/lib/http/openapi/types";
export { buildOpenApiDocument, getOpenApiDocument } from "@/lib/http/openapi/document";

/**
 * The registry: one entry per route handler (path + method). A new route adds its entry in the file of
 * its area under operations/ (or a new file listed here); tests/integration/openapi.test.ts fails for a
 * handler without an entry and for an entry without a handler.
 */
export const apiOperations: ApiOperation[] = [...authOperations, ...accountOperations, ...emailOperations, ...sessionsOperations, ...mfaOperations, ...passkeyOperations, ...serviceOperations, ...introspectionOperations, ...adminOperations, ...adminFactorOperations];
