import { expect, type APIRequestContext } from "@playwright/test";
import { totpCode } from "../../tests/support/totp";
import { pageHeaders } from "./session";

const TOTP_PERIOD_MS = 30_000;
const stepNow = (): number => Math.floor(Date.now() / TOTP_PERIOD_MS);

/**
 * The test's authenticator app: the real algorithm on the secret the page or the API gave. The server takes
 * a code of the current step or one either side, each step at most once and only later than the last one
 * used, so `nextCode` hands out increasing steps and waits (at most one 30-second step) when the next one
 * is not yet within reach.
 */
export class Authenticator {
  private lastStep: number;

  constructor(readonly secret: string) {
    this.lastStep = stepNow() - 2;
  }

  /** A code the server will take now: later than every code handed out before. */
  async nextCode(): Promise<string> {
    // The server takes at most one step ahead: wait for the clock to reach the last step handed out.
    while (this.lastStep > stepNow()) await new Promise((resolve) => setTimeout(resolve, this.lastStep * TOTP_PERIOD_MS - Date.now() + 50));
    const step = Math.max(this.lastStep + 1, stepNow());
    this.lastStep = step;
    return totpCode(this.secret, step - stepNow());
  }
}

export interface Enrolment {
  authenticator: Authenticator;
  recoveryCodes: string[];
}

/** Turns the authenticator app on through the API for the account signed in wherever `request` keeps its cookies. */
export async function enrolByApi(request: APIRequestContext, baseURL: string, password: string): Promise<Enrolment> {
  const setup = await request.post("/api/mfa/totp/setup/", { headers: pageHeaders(baseURL), data: { password } });
  expect(setup.status(), await setup.text()).toBe(200);
  const authenticator = new Authenticator(((await setup.json()) as { secret: string }).secret);
  const confirmed = await request.post("/api/mfa/totp/confirm/", { headers: pageHeaders(baseURL), data: { code: await authenticator.nextCode() } });
  expect(confirmed.status(), await confirmed.text()).toBe(200);
  return { authenticator, recoveryCodes: ((await confirmed.json()) as { recovery_codes: string[] }).recovery_codes };
}
