import "server-only";
import type { z } from "zod";
import { AppError } from "@/lib/errors";
import { toFieldErrors } from "@/lib/validation/auth";
import { requireStaff, type StaffPrincipal } from "@/lib/auth/admin/access";
import { requirePrincipal } from "@/lib/http/authenticate-request";
import { handle } from "@/lib/http/handler";

type RouteParams = Record<string, string>;

interface AdminContext<P extends RouteParams> {
  /** The caller, whose staff standing was just read from the database. */
  actor: StaffPrincipal;
  params: P;
}

/**
 * An admin API handler: handle()'s CSRF rule and error shape, then 401 without a usable token and 403
 * unless the caller's account is active, verified staff right now with a session at two factors
 * (requireStaff). Every admin handler is one of these.
 */
export function adminRoute<P extends RouteParams>(
  handler: (request: Request, context: AdminContext<P>) => Promise<Response>,
): (request: Request, context?: { params: Promise<P> }) => Promise<Response> {
  return (request, context) =>
    handle(async (request) => {
      const actor = await requireStaff(await requirePrincipal(request));
      // Next always passes the route's params; a caller without them reaches no account.
      const params = (await context?.params) ?? ({} as Partial<P>);
      return handler(request, { actor, params: params as P });
    })(request);
}

/** Validates a query string like a body: unknown or malformed parameters are a 400 with per-field messages. */
export function parseQuery<S extends z.ZodType>(request: Request, schema: S): z.output<S> {
  const query = Object.fromEntries(new URL(request.url).searchParams);
  const result = schema.safeParse(query);
  if (!result.success) throw new AppError("validation_error", { errors: toFieldErrors(result.error, query) });
  return result.data;
}
