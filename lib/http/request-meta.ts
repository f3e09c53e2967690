import "server-only";
import { isIP } from "node:net";
import type { RequestMeta } from "@/lib/db/audit";
import { getEnv } from "@/lib/env";

/** Set by scripts/server.mjs from the socket, replacing anything a client sent under that name. */
export const SOCKET_ADDRESS_HEADER = "x-auth-socket-address";

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
    const hops = (headers.get("x-forwarded-for") ?? "").split(",").map((part) => part.trim()).filter(Boolean);
    const candidate = hops[hops.length - trusted];
    if (candidate && isIP(candidate)) return candidate;
  }
  return socket && isIP(socket) ? socket : null;
}

export function getRequestMeta(request: Request): RequestMeta {
  return { ip: getClientIp(request.headers), userAgent: request.headers.get("user-agent")?.slice(0, 512) ?? null };
}

/** The bearer token of an Authorization header, or null. */
export function getBearerToken(headers: Headers): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(headers.get("authorization") ?? "");
  return match?.[1] ?? null;
}
