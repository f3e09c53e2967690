import "server-only";
import { createHash, randomBytes } from "node:crypto";
import type { NewTrustedBrowser } from "@/lib/db/trusted-browsers";
import type { RequestMeta } from "@/lib/request-meta";
import { TRUSTED_BROWSER_LIFETIME_SECONDS } from "@/lib/auth/config";
import { describeUserAgent } from "@/lib/auth/devices";

/** The stored form of a remembered browser's token: its sha256, hex (256 random bits need no salt or stretching). */
export function hashTrustedBrowserToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** The hash to look a presented token up by; null for none (or one no token of ours could be). */
export function trustedBrowserHashOf(token: string | null | undefined): string | null {
  return token && token.length <= 128 ? hashTrustedBrowserToken(token) : null;
}

/**
 * "Remember this browser": a random token for the browser (its cookie, or an API client's field) and the
 * row the sign-in stores with its session (lib/db/sign-ins.ts recordSignIn): only the token's hash, the
 * device name and when it stops counting (30 days).
 */
export function planTrustedBrowser(meta: RequestMeta): { token: string; row: NewTrustedBrowser } {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + TRUSTED_BROWSER_LIFETIME_SECONDS * 1000);
  return { token, row: { tokenHash: hashTrustedBrowserToken(token), device: describeUserAgent(meta.userAgent), expiresAt } };
}
