import type { Locator, Page } from "@playwright/test";
import type { TestUser } from "../support/users";

export class RegisterPage {
  readonly email: Locator;
  readonly userName: Locator;
  readonly password: Locator;
  readonly confirmPassword: Locator;
  readonly submit: Locator;
  readonly formAlert: Locator;

  constructor(readonly page: Page) {
    this.email = page.getByLabel("Email", { exact: true });
    this.userName = page.getByLabel("User name", { exact: true });
    this.password = page.getByLabel("Password", { exact: true });
    this.confirmPassword = page.getByLabel("Confirm password", { exact: true });
    this.submit = page.getByRole("button", { name: /create account|creating account/i });
    this.formAlert = page.locator("form .alert-error");
  }

  async goto(): Promise<void> {
    await this.page.goto("/register");
  }

  async fill(user: TestUser, confirmation = user.password): Promise<void> {
    await this.email.fill(user.email);
    await this.userName.fill(user.userName);
    await this.password.fill(user.password);
    await this.confirmPassword.fill(confirmation);
  }

  /** The message shown next to a field (tied to it by aria-describedby). */
  fieldError(field: "email" | "user_name" | "password" | "password2"): Locator {
    return this.page.locator(`#${field}-error`);
  }
}
