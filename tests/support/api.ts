type RouteHandler = (request: Request) => Promise<Response>;

export interface ApiResponse<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
  text: string;
}

export interface CallInit {
  headers?: Record<string, string>;
  method?: string;
  rawBody?: BodyInit;
}

/**
 * Calls a route handler with a real Request, the way Next would. `T` is the body the test expects
 * (a success body, or ErrorBody where it expects a refusal); nothing checks it at run time.
 */
export async function call<T = Record<string, unknown>>(handler: RouteHandler, path: string, body?: unknown, init: CallInit = {}): Promise<ApiResponse<T>> {
  const headers = new Headers({ "content-type": "application/json", "x-auth-socket-address": "127.0.0.1", ...init.headers });
  if (headers.get("content-type") === "") headers.delete("content-type");
  const request = new Request(`http://localhost:3000${path}`, {
    method: init.method ?? "POST",
    headers,
    body: init.rawBody ?? (body === undefined ? undefined : JSON.stringify(body)),
    duplex: "half",
  } as RequestInit);
  const response = await handler(request);
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = text;
  }
  return { status: response.status, body: parsed as T, headers: response.headers, text };
}

/** The `init` of a call with a bearer access token. */
export function bearer(token: string): { headers: { authorization: string } } {
  return { headers: { authorization: `Bearer ${token}` } };
}

