import { expect, request as playwrightRequest, type APIRequestContext } from "@playwright/test";
import { totpCode } from "../../tests/support/totp";
import { pageHeaders } from "./session";

const STEP_MS = 30_000;

/** A second-factor proof the API accepts: a code from the app, or a recovery code. */
export type SecondFactorProof = { code: string } | { recovery_code: string };

/**
 * An authenticator app as a test holds it: the secret (codes computed with otpauth, the real algorithm) and
 * the recovery codes. The server takes each 30-second step once per account, one step either side of now:
 * `nextProof` answers an unused step's code while there is one, else an unused recovery code, so a test
 * signs in as often as it needs without waiting for the clock.
 */
export class AuthenticatorApp {
  private lastStep: number;

  constructor(
    readonly secret: string,
    readonly recoveryCodes: string[],
    spentStep: number,
  ) {
    this.lastStep = spentStep;
  }

  nextProof(): SecondFactorProof {
    const now = Math.floor(Date.now() / STEP_MS);
    const step = Math.max(this.lastStep + 1, now);
    if (step <= now + 1) {
      this.lastStep = step;
      return { code: totpCode(this.secret, step - now) };
    }
    const recovery = this.recoveryCodes.shift();
    if (!recovery) throw new Error("no unused code left: sign in less often in one test file");
    return { recovery_code: recovery };
  }
}

/**
 * Sets up and confirms an authenticator app for the account signed in wherever `request` keeps its cookies.
 * The confirmation raises that session to two factors (its new cookies land in the same jar).
 */
export async function enrolByApi(request: APIRequestContext, baseURL: string, password: string): Promise<AuthenticatorApp> {
  const setup = await request.post("/api/mfa/totp/setup/", { headers: pageHeaders(baseURL), data: { password } });
  expect(setup.status(), await setup.text()).toBe(200);
  const { secret } = (await setup.json()) as { secret: string };
  const step = Math.floor(Date.now() / STEP_MS);
  const confirmed = await request.post("/api/mfa/totp/confirm/", { headers: pageHeaders(baseURL), data: { code: totpCode(secret) } });
  expect(confirmed.status(), await confirmed.text()).toBe(200);
  const { recovery_codes: recoveryCodes } = (await confirmed.json()) as { recovery_codes: string[] };
  return new AuthenticatorApp(secret, recoveryCodes, step);
}

/**
 * Sets up the app from another session of the account: a password sign-in in a request context of its own, as
 * on another device. Confirming the app raises only the session that confirms, so the session behind the page
 * keeps the password alone (aal 1) on an account that now has a factor: what the step-up prompts are tested with.
 */
export async function enrolElsewhere(baseURL: string, account: { email: string; password: string }): Promise<AuthenticatorApp> {
  const elsewhere = await playwrightRequest.newContext({ baseURL });
  try {
    const signedIn = await elsewhere.post("/api/login/", { headers: pageHeaders(baseURL), data: { email: account.email, password: account.password } });
    expect(signedIn.status(), await signedIn.text()).toBe(200);
    return await enrolByApi(elsewhere, baseURL, account.password);
  } finally {
    await elsewhere.dispose();
  }
}

/**
 * Signs in with the password and a second factor the way the pages' API calls do (cookie transport), so the
 * browser context behind `request` holds a session at two factors.
 */
export async function signInWithTwoFactorsByApi(request: APIRequestContext, baseURL: string, account: { email: string; password: string }, app: AuthenticatorApp): Promise<void> {
  const first = await request.post("/api/login/", { headers: pageHeaders(baseURL), data: { email: account.email, password: account.password } });
  expect(first.status(), await first.text()).toBe(403);
  const { code, mfa_token: mfaToken } = (await first.json()) as { code: string; mfa_token: string };
  expect(code).toBe("mfa_required");
  const second = await request.post("/api/login/mfa/", { headers: pageHeaders(baseURL), data: { mfa_token: mfaToken, ...app.nextProof() } });
  expect(second.status(), await second.text()).toBe(200);
}
