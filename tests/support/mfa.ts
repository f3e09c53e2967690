import { expect } from "vitest";
import { POST as login } from "@/app/api/login/route";
import { POST as loginMfa } from "@/app/api/login/mfa/route";
import { POST as confirmTotp } from "@/app/api/mfa/totp/confirm/route";
import { POST as setupTotp } from "@/app/api/mfa/totp/setup/route";
import { bearer, call } from "./api";
import { decodeJwt } from "./jwt";
import { totpCode } from "./totp";
import type { SignedUpUser } from "./users";

export { totpCode, wrongTotpCode } from "./totp";

export interface EnrolledTotp {
  secret: string;
  recoveryCodes: string[];
  /** The code the confirmation spent. */
  spentCode: string;
}

/**
 * Sets up and confirms an authenticator app for a verified user (spending the current code). The
 * confirmation raises `user`'s session to two factors (its refresh token is spent: the answer's pair replaces it).
 */
export async function enrolTotp(user: SignedUpUser): Promise<EnrolledTotp> {
  const setup = await call<{ secret: string }>(setupTotp, "/api/mfa/totp/setup/", { password: user.password }, bearer(user.access));
  expect(setup.status, setup.text).toBe(200);
  const spentCode = totpCode(setup.body.secret);
  const confirmed = await call<{ recovery_codes: string[] }>(confirmTotp, "/api/mfa/totp/confirm/", { code: spentCode }, bearer(user.access));
  expect(confirmed.status, confirmed.text).toBe(200);
  return { secret: setup.body.secret, recoveryCodes: confirmed.body.recovery_codes, spentCode };
}

/**
 * Enrols the app from another session of the account (a password sign-in, as on another device), leaving
 * `user`'s own session as it was: the password only (aal 1) on an account that now has a factor, since the
 * confirmation raises only the session that confirms.
 */
export async function enrolTotpElsewhere(user: SignedUpUser): Promise<EnrolledTotp> {
  const elsewhere = await call<{ access: string }>(login, "/api/login/", { email: user.email, password: user.password });
  expect(elsewhere.status, elsewhere.text).toBe(200);
  return enrolTotp({ ...user, access: elsewhere.body.access });
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

/** An account with an authenticator app, signed in with its password and a code: `access`/`refresh`/`sid` are that aal-2 session's. */
export interface TwoFactorUser extends SignedUpUser {
  totp: EnrolledTotp;
}

/**
 * Enrols an authenticator app for a verified account (staff, say) and signs in with the password and the
 * code of the next 30-second step (enrolment spent the current one): a session at two factors, as the
 * admin pages and API require. The registration's session is raised by the confirmation (see enrolTotp).
 */
export async function signInWithTwoFactors(user: SignedUpUser): Promise<TwoFactorUser> {
  const totp = await enrolTotp(user);
  const pair = await signInWithSecondFactor(user, { code: totpCode(totp.secret, 1) });
  expect(decodeJwt(pair.access).payload.aal).toBe(2);
  const sid = decodeJwt(pair.refresh).payload.sid as string;
  return { ...user, access: pair.access, refresh: pair.refresh, sid, totp };
}
