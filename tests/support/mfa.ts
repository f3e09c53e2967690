import { Secret, TOTP } from "otpauth";
import { expect } from "vitest";
import { POST as loginMfa } from "@/app/api/login/mfa/route";
import { POST as login } from "@/app/api/login/route";
import { POST as confirmTotp } from "@/app/api/mfa/totp/confirm/route";
import { POST as setupTotp } from "@/app/api/mfa/totp/setup/route";
import { bearer, call } from "./api";
import type { SignedUpUser } from "./users";

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

export interface EnrolledTotp {
  secret: string;
  recoveryCodes: string[];
  /** The code the confirmation spent. */
  spentCode: string;
}

/** Sets up and confirms an authenticator app for a verified user (spending the current code). */
export async function enrolTotp(user: SignedUpUser): Promise<EnrolledTotp> {
  const setup = await call<{ secret: string }>(setupTotp, "/api/mfa/totp/setup/", { password: user.password }, bearer(user.access));
  expect(setup.status, setup.text).toBe(200);
  const spentCode = totpCode(setup.body.secret);
  const confirmed = await call<{ recovery_codes: string[] }>(confirmTotp, "/api/mfa/totp/confirm/", { code: spentCode }, bearer(user.access));
  expect(confirmed.status, confirmed.text).toBe(200);
  return { secret: setup.body.secret, recoveryCodes: confirmed.body.recovery_codes, spentCode };
}

/**
 * Signs an enrolled user in with the password and then `proof` (a code or a recovery code): the bearer pair
 * of a session at two factors, whose second factor is recent (what step-up asks for).
 */
export async function signInWithSecondFactor(user: SignedUpUser, proof: { code: string } | { recovery_code: string }): Promise<{ access: string; refresh: string }> {
  const first = await call<{ mfa_token: string }>(login, "/api/login/", { email: user.email, password: user.password });
  expect(first.status, first.text).toBe(403);
  const second = await call<{ access: string; refresh: string }>(loginMfa, "/api/login/mfa/", { mfa_token: first.body.mfa_token, ...proof });
  expect(second.status, second.text).toBe(200);
  return second.body;
}
