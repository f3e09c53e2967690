import type { Locator, Page } from "@playwright/test";

export class VerifyPage {
  readonly code: Locator;
  readonly submit: Locator;
  readonly resend: Locator;
  readonly timer: Locator;
  readonly codeError: Locator;
  readonly status: Locator;
  readonly resendError: Locator;
  readonly formAlert: Locator;

  constructor(readonly page: Page) {
    this.code = page.getByLabel("Verification code");
    this.submit = page.getByRole("button", { name: /verify email|checking/i });
    this.resend = page.getByRole("button", { name: /send a new code|sending/i });
    this.timer = page.getByRole("timer");
    this.codeError = page.locator("#otp-error");
    this.status = page.getByRole("main").getByRole("status");
    this.resendError = page.locator(".resend .field-error");
    this.formAlert = page.locator("form .alert-error");
  }

  async goto(): Promise<void> {
    await this.page.goto("/verify");
  }

  async enterCode(code: string): Promise<void> {
    await this.code.fill(code);
    await this.submit.click();
  }

  /** Pastes text into the code field the way a browser does (a paste event carrying clipboard data). */
  async paste(text: string): Promise<void> {
    await this.code.focus();
    await this.code.evaluate((input, pasted) => {
      const data = new DataTransfer();
      data.setData("text/plain", pasted);
      input.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
    }, text);
  }
}
