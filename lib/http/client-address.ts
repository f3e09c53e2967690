import "server-only";
import { isIP } from "node:net";
import type { RequestMeta } from "@/lib/request-meta";
import { getEnv } from "@/lib/env";

import { SOCKET_ADDRESS_HEADER, SOCKET_PROTOCOL_HEADER } from "@/lib/http/server-headers.mjs";

export { SOCKET_ADDRESS_HEADER };

/** The value a list-valued forwarded header got from the n-th trusted hop counted from the right. */
function pickForwarded(value: string | null, trusted: number): string | undefined {
  const hops = (value ?? "").split(",").map((part) => part.trim()).filter(Boolean);
  return hops[hops.length - trusted];
}

/**
 * The client address: the socket's by default; with TRUST_PROXY=n, the address n hops from the right
 * of X-Forwarded-For (each trusted proxy appends one), never a value the client chose itself.
 */
export function getClientIp(headers: Headers): string | null {
  const env = getEnv();
  // Under plain `next start` nobody overwrites the header, so a client could choose its own address.
  const socket = env.AUTH_SOCKET_HEADER_TRUSTED ? headers.get(SOCKET_ADDRESS_HEADER) : null;
  const trusted = env.TRUST_PROXY;
  if (trusted > 0) {
    const candidate = pickForwarded(headers.get("x-forwarded-for"), trusted);
    if (candidate && isIP(candidate)) return candidate;
  }
  return socket && isIP(socket) ? socket : null;
}

/**
 * Whether the client reached us over HTTPS, by the same rule as the client address: X-Forwarded-Proto
 * only from declared proxy hops (a proxy that overwrites rather than appends leaves one value); else
 * the socket as our server entry saw it. Outside that entry (tests, `next dev`) the request URL decides.
 */
export function isHttpsRequest(request: Request): boolean {
  const env = getEnv();
  if (env.TRUST_PROXY > 0) {
    const forwarded = request.headers.get("x-forwarded-proto");
    const proto = pickForwarded(forwarded, env.TRUST_PROXY) ?? pickForwarded(forwarded, 1);
    if (proto === "https" || proto === "http") return proto === "https";
  }
  if (env.AUTH_SOCKET_HEADER_TRUSTED) return request.headers.get(SOCKET_PROTOCOL_HEADER) === "https";
  return new URL(request.url).protocol === "https:";
}

export function getRequestMeta(request: Request): RequestMeta {
  return { ip: getClientIp(request.headers), userAgent: request.headers.get("user-agent")?.slice(0, 512) ?? null };
}

/** The bearer token of an Authorization header, or null. */
export function getBearerToken(headers: Headers): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(headers.get("authorization") ?? "");
  return match?.[1] ?? null;
}
