"use client";

import { createContext, useContext, useSyncExternalStore, type JSX, type ReactNode } from "react";
import { passkeyPlaceOf, type PasskeySite } from "./passkey-ceremony";

const RelyingPartyContext = createContext<PasskeySite | null>(null);

/**
 * The relying party (APP_URL's host and origin; null while passkeys are off) for the second-factor prompts
 * below it, which offer a passkey only where both the browser and the server will accept one.
 */
export function PasskeyHost({ site, children }: { site: PasskeySite | null; children: ReactNode }): JSX.Element {
  return <RelyingPartyContext value={site}>{children}</RelyingPartyContext>;
}

const neverChanges = (): (() => void) => () => {};

/**
 * Whether a passkey can be used on this page: passkeys on, a browser with WebAuthn, and the page opened at
 * APP_URL's origin (another host is refused by the browser; another port or scheme on the same host would be
 * accepted by the browser and then refused by the server's origin check). False in the server's render (and
 * so during hydration), which cannot know the address.
 */
export function useCanUsePasskeys(): boolean {
  const site = useContext(RelyingPartyContext);
  return useSyncExternalStore(
    neverChanges,
    () => site !== null && passkeyPlaceOf(site) === "here",
    () => false,
  );
}
