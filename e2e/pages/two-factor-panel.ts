import type { Locator, Page } from "@playwright/test";

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
  readonly trustedBrowsersHeading: Locator;
  /** The remembered browsers, one list item each. */
  readonly trustedBrowsers: Locator;

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
    this.trustedBrowsersHeading = this.region.getByRole("heading", { level: 3, name: "Trusted browsers" });
    this.trustedBrowsers = this.region.getByRole("list", { name: "Trusted browsers" }).getByRole("listitem");
  }
}
