import { COOKIE_TRANSPORT_HEADER } from "@/lib/auth/config";
import type { ErrorBody, ErrorExtras } from "@/lib/errors";
import { isSessionEnded } from "./error-messages";

export { describeFailure, describeWait } from "./error-messages";

/**
 * Every page action calls the API through `requestJson`: the same route handlers as API clients, asking
 * for the cookie transport, so the tokens travel only in httpOnly cookies this code never sees. A page
 * left open past the access token's lifetime is renewed here (see `renewSession`).
 */
export type ApiResult<T> = { ok: true; status: number; data: T } | ApiFailure;

/** A refusal as the pages get it: the code to choose their own sentence by, never the API's `detail`. */
export interface ApiFailure {
  ok: false;
  status: number;
  code: string;
  fieldErrors: Record<string, string[]>;
  /** Seconds from a Retry-After header, when the server sent one. */
  retryAfter: number | null;
  /** What some refusals carry to go on with: the second step's `mfa_token`, the `methods` it accepts, `unknown_credential`. */
  extras: ErrorExtras;
}

type Method = "POST" | "PATCH" | "DELETE";

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

function readExtras(body: ErrorBody): ErrorExtras {
  const extras: ErrorExtras = {};
  if (typeof body.mfa_token === "string") extras.mfa_token = body.mfa_token;
  if (Array.isArray(body.methods)) extras.methods = body.methods.filter((method): method is string => typeof method === "string");
  if (body.unknown_credential === true) extras.unknown_credential = true;
  return extras;
}

function parseRetryAfter(response: Response): number | null {
  const seconds = Number.parseInt(response.headers.get("retry-after") ?? "", 10);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : null;
}

/** One request, as it goes: no renewal. */
async function send<T>(method: Method, url: string, body?: unknown): Promise<ApiResult<T>> {
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
    return { ok: false, status: 0, code: "network_error", fieldErrors: {}, retryAfter: null, extras: {} };
  }
  const payload = await readJson(response);
  if (response.ok) return { ok: true, status: response.status, data: payload as T };
  const retryAfter = parseRetryAfter(response);
  if (!isErrorBody(payload) || response.status >= 500) return { ok: false, status: response.status, code: "server_error", fieldErrors: {}, retryAfter, extras: {} };
  return { ok: false, status: response.status, code: payload.code, fieldErrors: payload.errors ?? {}, retryAfter, extras: readExtras(payload) };
}

type Renewal = "renewed" | "refused" | "unreachable";

/** The renewal in flight, shared by every action that needs it, and how many have finished. */
let inFlight: Promise<Renewal> | null = null;
let finished = 0;

/**
 * Renews the token pair through the refresh cookie, once for all the actions waiting on it: two actions
 * refused at the same moment must not rotate the refresh token twice (the second rotation would present
 * a token the first had just used).
 */
function renewSession(): Promise<Renewal> {
  inFlight ??= send<Record<string, never>>("POST", "/api/refresh", {})
    .then((result): Renewal => (result.ok ? "renewed" : isSessionEnded(result.code) ? "refused" : "unreachable"))
    .finally(() => {
      finished += 1;
      inFlight = null;
    });
  return inFlight;
}

/**
 * A page action. When the access token is missing (the browser dropped the expired cookie) or expired (its
 * cookie outlived it by the rounding of Max-Age), the pair is renewed through the refresh cookie and the
 * request is sent once more; an answer that arrives after another action's renewal finished is simply
 * sent again. When the renewal is refused, the session is over: the page is loaded again, and the server
 * shows what a signed-out visitor sees there (for the dashboard and admin pages, the sign-in page saying
 * why the session ended).
 */
export async function requestJson<T>(method: Method, url: string, body?: unknown): Promise<ApiResult<T>> {
  const seen = finished;
  const first = await send<T>(method, url, body);
  if (first.ok || !isSessionEnded(first.code)) return first;
  const renewal = finished !== seen ? "renewed" : await renewSession();
  if (renewal === "renewed") return send<T>(method, url, body);
  if (renewal === "refused") window.location.reload();
  return first;
}

export function postJson<T>(url: string, body: unknown): Promise<ApiResult<T>> {
  return requestJson<T>("POST", url, body);
}
