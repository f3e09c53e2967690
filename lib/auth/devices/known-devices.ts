import "server-only";
import { createHash } from "node:crypto";
import type { RequestMeta } from "@/lib/request-meta";
import { describeUserAgent } from "@/lib/auth/devices/device-name";

/**
 * How an account remembers the device of a sign-in: a hash of its name ("Firefox on Linux"), never the
 * User-Agent. The sign-in's completion writes it (lib/db/sign-ins.ts recordSignIn) and learns whether it is
 * the first time this account uses it, which is when the owner is told of a new sign-in.
 */
export function deviceHashOf(meta: RequestMeta): string {
  return createHash("sha256").update(describeUserAgent(meta.userAgent)).digest("hex");
}
