import { COOKIE_TRANSPORT_HEADER } from "@/lib/auth/config";
import type { ErrorBody } from "@/lib/errors";

/**
 * The pages talk to the same route handlers as API clients, asking for the cookie transport: the
 * tokens travel only in httpOnly cookies and never appear in a body this code can read.
 */
export type ApiResult<T> = { ok: true; status: number; data: T } | ApiFailure;

export interface ApiFailure {
  ok: false;
  status: number;
  code: string;
  message: string;
  fieldErrors: Record<string, string[]>;
  /** Seconds from a Retry-After header, when the server sent one. */
  retryAfter: number | null;
}

const NETWORK_MESSAGE = "We could not reach the server. Check your connection and try again.";
const SERVER_MESSAGE = "Something went wrong on our side. Try again in a moment.";

function isErrorBody(value: unknown): value is ErrorBody {
  return typeof value === "object" && value !== null && typeof (value as ErrorBody).code === "string";
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    return null;
  }
}

function parseRetryAfter(response: Response): number | null {
  const seconds = Number.parseInt(response.headers.get("retry-after") ?? "", 10);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : null;
}

export async function postJson<T>(url: string, body: unknown): Promise<ApiResult<T>> {
  return requestJson<T>("POST", url, body);
}

/** Any method; a DELETE without a body sends none. */
export async function requestJson<T>(method: "POST" | "PATCH" | "DELETE", url: string, body?: unknown): Promise<ApiResult<T>> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: { "content-type": "application/json", [COOKIE_TRANSPORT_HEADER]: "cookie" },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
      cache: "no-store",
    });
  } catch {
    return { ok: false, status: 0, code: "network_error", message: NETWORK_MESSAGE, fieldErrors: {}, retryAfter: null };
  }
  const payload = await readJson(response);
  if (response.ok) return { ok: true, status: response.status, data: payload as T };
  const retryAfter = parseRetryAfter(response);
  if (!isErrorBody(payload) || response.status >= 500) {
    return { ok: false, status: response.status, code: "server_error", message: SERVER_MESSAGE, fieldErrors: {}, retryAfter };
  }
  return { ok: false, status: response.status, code: payload.code, message: payload.detail, fieldErrors: payload.errors ?? {}, retryAfter };
}

/**
 * For routes that read the access cookie. The cookie can reach the server up to a second after its
 * token expired (the cookie's Max-Age is rounded), and the route then answers 401 token_not_valid; on a
 * page left open longer than the access lifetime the browser has dropped the cookie, and the answer is
 * 401 not_authenticated. Either way, renew the pair through the refresh cookie and try once more.
 */
export async function postJsonWithSession<T>(url: string, body: unknown): Promise<ApiResult<T>> {
  return requestJsonWithSession<T>("POST", url, body);
}

export async function requestJsonWithSession<T>(method: "POST" | "PATCH" | "DELETE", url: string, body?: unknown): Promise<ApiResult<T>> {
  const first = await requestJson<T>(method, url, body);
  if (first.ok || (first.code !== "token_not_valid" && first.code !== "not_authenticated")) return first;
  const renewed = await postJson<Record<string, never>>("/api/refresh", {});
  return renewed.ok ? requestJson<T>(method, url, body) : first;
}

/** "about 3 minutes" / "12 seconds": for messages that tell people how long to wait. */
export function describeWait(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 90) return `about ${minutes} minute${minutes === 1 ? "" : "s"}`;
  const hours = Math.round(minutes / 60);
  return `about ${hours} hour${hours === 1 ? "" : "s"}`;
}

/** A message for a failure no form field owns. */
export function describeFailure(failure: ApiFailure): string {
  const wait = failure.retryAfter ? ` Try again in ${describeWait(failure.retryAfter)}.` : " Try again later.";
  switch (failure.code) {
    case "rate_limited":
      return `Too many attempts.${wait}`;
    case "csrf_failed":
      return "This request was refused because it did not come from this site. Reload the page and try again.";
    case "token_not_valid":
    case "user_inactive":
      return "Your session has ended. Sign in again to continue.";
    default:
      return failure.message;
  }
}
