import { expect, type CDPSession, type Locator, type Page } from "@playwright/test";
import { APP_PORT } from "../servers";
import { decodeJwt, readSessionCookies } from "./session";

/**
 * The pages as passkeys need them: WebAuthn refuses an IP address as the relying party, so the passkey
 * specs open the app server at localhost, the host its default APP_URL names (127.0.0.1 elsewhere).
 */
export const PASSKEY_URL = `http://localhost:${APP_PORT}`;

export interface VirtualAuthenticator {
  cdp: CDPSession;
  id: string;
  /** The credentials it holds: one a passkey it created. */
  credentialCount: () => Promise<number>;
}

/**
 * Chromium's virtual authenticator, attached to the page's browser through CDP: a platform authenticator
 * (internal transport, CTAP2) with resident keys and user verification that always succeeds, and presence
 * simulated, so every prompt completes with no person at the keyboard.
 */
export async function addVirtualAuthenticator(page: Page): Promise<VirtualAuthenticator> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: { protocol: "ctap2", transport: "internal", hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
  return {
    cdp,
    id: authenticatorId,
    credentialCount: async () => (await cdp.send("WebAuthn.getCredentials", { authenticatorId })).credentials.length,
  };
}

/**
 * Chromium's virtual authenticator answers the sign-in page's autofill request (conditional mediation) at
 * once, which would sign in before a test clicks anything: this holds back the first request for passkey
 * options (the autofill's, sent as the page loads) and lets the later ones through. Answers how many were sent.
 */
export async function holdBackAutofill(page: Page): Promise<() => number> {
  let sent = 0;
  await page.route("**/api/passkeys/login/options/", async (route) => {
    sent += 1;
    if (sent > 1) await route.continue();
  });
  return () => sent;
}

export const passkeysPanel = (page: Page): Locator => page.getByRole("region", { name: "Passkeys" });

/** Adds a passkey from the dashboard of a fresh account (its first second factor): answers the recovery codes shown. */
export async function addPasskeyOnDashboard(page: Page): Promise<string[]> {
  await page.goto("/dashboard");
  const panel = passkeysPanel(page);
  await expect(panel.getByText("You have no passkey yet.")).toBeVisible();
  await panel.getByRole("button", { name: "Add a passkey" }).click();
  const codes = panel.getByRole("list", { name: "Save your recovery codes" }).getByRole("listitem");
  await expect(panel.getByRole("heading", { name: "Save your recovery codes" })).toBeFocused();
  await expect(codes).toHaveCount(10);
  const shown = (await codes.allTextContents()).map((code) => code.trim());
  await panel.getByRole("button", { name: "I have saved them" }).click();
  await expect(panel.getByRole("list", { name: "Your passkeys" }).getByRole("listitem")).toHaveCount(1);
  return shown;
}

/** The page's session as its access token says: assurance level and methods. */
export async function sessionClaims(page: Page, baseURL = PASSKEY_URL): Promise<{ aal: number; amr: string[] }> {
  const { access } = await readSessionCookies(page.context(), baseURL);
  if (!access) throw new Error("no access cookie");
  const { payload } = decodeJwt(access.value);
  return { aal: Number(payload.aal), amr: payload.amr as string[] };
}
