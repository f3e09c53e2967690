import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { getBearerToken } from "@/lib/http/client-address";

const digest = (value: string): Buffer => createHash("sha256").update(value, "utf8").digest();

/**
 * Whether the request carries `Authorization: Bearer <secret>` for an operator's shared secret. Compared
 * in constant time over digests of equal length, so neither a matching prefix nor the length leaks.
 */
export function hasBearerSecret(headers: Headers, secret: string): boolean {
  const given = getBearerToken(headers);
  return given !== null && timingSafeEqual(digest(given), digest(secret));
}
