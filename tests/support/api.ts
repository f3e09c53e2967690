import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import { settleBackground } from "@/lib/background";
import { extractOtp } from "./fake-resend";
import { getFakeResend } from "./setup";

type RouteHandler = (request: Request) => Promise<Response>;

export interface ApiResponse<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
  text: string;
}

/** Calls a route handler with a real Request, the way Next would. */
export async function call<T = Record<string, unknown>>(
  handler: RouteHandler,
  path: string,
  body?: unknown,
  init: { headers?: Record<string, string>; method?: string; rawBody?: BodyInit } = {},
): Promise<ApiResponse<T>> {
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

export function newUser(): { email: string; user_name: string; password: string; password2: string } {
  const id = randomUUID().slice(0, 8);
  const password = `Tr0ub4dor&${randomUUID().slice(0, 6)}`;
  return { email: `user-${id}@example.test`, user_name: `user_${id}`, password, password2: password };
}

/** The newest code mailed to `email` through the fake Resend API. */
export async function readOtp(email: string): Promise<string> {
  await settleBackground();
  const mails = getFakeResend().emails.filter((mail) => mail.to.includes(email));
  const last = mails.at(-1);
  expect(last, `an email to ${email}`).toBeDefined();
  return extractOtp(last!);
}

export function decodeJwt(token: string): { header: Record<string, unknown>; payload: Record<string, unknown> } {
  const [header, payload] = token.split(".");
  return {
    header: JSON.parse(Buffer.from(header ?? "", "base64url").toString()),
    payload: JSON.parse(Buffer.from(payload ?? "", "base64url").toString()),
  };
}
