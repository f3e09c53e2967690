"use client";

import { createContext, useContext, useSyncExternalStore, type JSX, type ReactNode } from "react";
import { canUsePasskeysHere } from "./passkey-ceremony";

const RelyingPartyContext = createContext<string | null>(null);

/**
 * The relying party's ID (APP_URL's host; null while passkeys are off) for the second-factor prompts below
 * it, which offer a passkey only where the browser will accept one.
 */
export function PasskeyHost({ relyingPartyId, children }: { relyingPartyId: string | null; children: ReactNode }): JSX.Element {
  return <RelyingPartyContext value={relyingPartyId}>{children}</RelyingPartyContext>;
}

const neverChanges = (): (() => void) => () => {};

/**
 * Whether a passkey can be used on this page: passkeys on, a browser with WebAuthn, and the page opened on the
 * relying party's host. False in the server's render (and so during hydration), which cannot know the address.
 */
export function useCanUsePasskeys(): boolean {
  const relyingPartyId = useContext(RelyingPartyContext);
  return useSyncExternalStore(
    neverChanges,
    () => relyingPartyId !== null && canUsePasskeysHere(relyingPartyId),
    () => false,
  );
}
