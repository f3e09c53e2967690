import { expect, type Locator, type Page } from "@playwright/test";
import { Authenticator, type Enrolment } from "../support/authenticator";

/** The dashboard's "Two-factor authentication" panel. */
export class TwoFactorPanel {
  readonly region: Locator;
  readonly heading: Locator;
  readonly setUp: Locator;
  readonly password: Locator;
  readonly continueButton: Locator;
  readonly qrCode: Locator;
  readonly key: Locator;
  readonly code: Locator;
  readonly turnOn: Locator;
  readonly recoveryCodes: Locator;
  readonly saved: Locator;
  readonly newCodes: Locator;
  readonly turnOff: Locator;

  constructor(readonly page: Page) {
    this.region = page.getByRole("region", { name: "Two-factor authentication" });
    this.heading = this.region.getByRole("heading", { level: 2, name: "Two-factor authentication" });
    this.setUp = this.region.getByRole("button", { name: "Set up" });
    this.password = this.region.getByLabel("Your password");
    this.continueButton = this.region.getByRole("button", { name: "Continue" });
    this.qrCode = this.region.getByRole("img", { name: /QR code/ });
    this.key = this.region.getByTestId("totp-key");
    this.code = this.region.getByLabel("Code from your authenticator app");
    this.turnOn = this.region.getByRole("button", { name: /^(turn on|checking…)$/i });
    this.recoveryCodes = this.region.getByRole("list", { name: "Save your recovery codes" }).getByRole("listitem");
    this.saved = this.region.getByRole("button", { name: "I have saved them" });
    this.newCodes = this.region.getByRole("button", { name: "New recovery codes" });
    this.turnOff = this.region.getByRole("button", { name: /^(turn off|turning off…)$/i });
  }

  /** Sets up the app as a person would: password, the key read from the page (as typed into an app), a code. */
  async enrol(password: string): Promise<Enrolment> {
    await this.setUp.click();
    await this.password.fill(password);
    await this.continueButton.click();
    await expect(this.qrCode).toBeVisible();
    const authenticator = new Authenticator((await this.key.innerText()).replace(/\s+/g, ""));
    await this.code.fill(await authenticator.nextCode());
    await this.turnOn.click();
    await expect(this.recoveryCodes).toHaveCount(10);
    const recoveryCodes = (await this.recoveryCodes.allInnerTexts()).map((code) => code.trim());
    return { authenticator, recoveryCodes };
  }
}
