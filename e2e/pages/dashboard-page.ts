import type { Locator, Page } from "@playwright/test";

export class DashboardPage {
  readonly heading: Locator;
  readonly signOut: Locator;
  readonly profile: Locator;
  readonly sessions: Locator;
  readonly currentSession: Locator;
  readonly events: Locator;
  readonly verifyPrompt: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { level: 1 });
    this.signOut = page.getByRole("button", { name: /^(sign out|signing out…)$/i });
    this.profile = page.getByRole("region", { name: "Profile" });
    this.sessions = page.getByRole("region", { name: "Active sessions" }).getByRole("listitem");
    this.currentSession = page.getByRole("region", { name: "Active sessions" }).locator('[aria-current="true"]');
    this.events = page.getByRole("region", { name: "Recent security events" }).getByRole("listitem");
    this.verifyPrompt = page.getByRole("region", { name: /verify your email/i });
  }

  async goto(): Promise<void> {
    await this.page.goto("/dashboard");
  }

  greeting(userName: string): Locator {
    return this.page.getByRole("heading", { level: 1, name: `Hello, ${userName}` });
  }
}
