import type { Locator, Page } from "@playwright/test";

export class LoginPage {
  readonly heading: Locator;
  readonly email: Locator;
  readonly password: Locator;
  readonly submit: Locator;
  readonly formAlert: Locator;
  /** The second step, for an account with two-factor authentication. */
  readonly secondStep: Locator;
  readonly code: Locator;
  readonly recoveryCode: Locator;
  readonly useRecoveryCode: Locator;
  readonly verify: Locator;
  readonly back: Locator;
  readonly remember: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { level: 1, name: "Sign in" });
    this.email = page.getByLabel("Email", { exact: true });
    this.password = page.getByLabel("Password", { exact: true });
    this.submit = page.getByRole("button", { name: /^(sign in|signing in…)$/i });
    this.formAlert = page.locator("form .alert-error");
    this.secondStep = page.getByRole("form", { name: "Two-factor authentication" });
    this.code = page.getByLabel("Code from your authenticator app");
    this.recoveryCode = page.getByLabel("Recovery code");
    this.useRecoveryCode = page.getByRole("button", { name: "Use a recovery code instead" });
    this.verify = page.getByRole("button", { name: /^(verify and sign in|signing in…)$/i });
    this.back = page.getByRole("button", { name: "Back" });
    this.remember = page.getByLabel("Remember this browser for 30 days");
  }

  async goto(next?: string): Promise<void> {
    await this.page.goto(next === undefined ? "/login" : `/login?${new URLSearchParams({ next })}`);
  }

  async signIn(email: string, password: string): Promise<void> {
    await this.email.fill(email);
    await this.password.fill(password);
    await this.submit.click();
  }
}
