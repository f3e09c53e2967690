// Authenticator-app codes computed as an app would, with otpauth: imports nothing of the app, so the
// system and e2e tests can use it too.
import { Secret, TOTP } from "otpauth";

/**
 * The code an authenticator app shows now (`steps` 0) or `steps` 30-second steps from now, computed with the
 * real algorithm from the secret the setup answered. The server accepts one step either side, so a test may
 * spend the current code and then the next one: both stay valid across one step boundary.
 */
export function totpCode(secret: string, steps = 0): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret), algorithm: "SHA1", digits: 6, period: 30, timestamp: Date.now() + steps * 30_000 });
}

/** Six digits that are none of the codes the server would accept now. */
export function wrongTotpCode(secret: string): string {
  const near = new Set([-2, -1, 0, 1, 2].map((steps) => totpCode(secret, steps)));
  let code = Number(totpCode(secret));
  do code = (code + 1) % 1_000_000;
  while (near.has(String(code).padStart(6, "0")));
  return String(code).padStart(6, "0");
}
