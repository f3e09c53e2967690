import "server-only";
import { createHash } from "node:crypto";
import { rememberDevice } from "@/lib/db/known-devices";
import type { Tx } from "@/lib/db/transaction";
import type { RequestMeta } from "@/lib/request-meta";
import { describeUserAgent } from "@/lib/auth/devices/device-name";

/**
 * Remembers the device of a sign-in (a hash of its name, "Firefox on Linux", never the User-Agent);
 * true the first time this account uses it, which is when the owner is told of a new sign-in.
 */
export async function rememberSignInDevice(userId: string, meta: RequestMeta, tx?: Tx): Promise<boolean> {
  const deviceHash = createHash("sha256").update(describeUserAgent(meta.userAgent)).digest("hex");
  return rememberDevice(userId, deviceHash, tx);
}
