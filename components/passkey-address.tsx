"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useSyncExternalStore, type JSX } from "react";
import { passkeyPlaceOf, type PasskeyPlace } from "./passkey-ceremony";

const neverChanges = (): (() => void) => () => {};

/** Where this page stands with passkeys (see passkeyPlaceOf); null in the server's render and during hydration. */
export function usePasskeyPlace(relyingPartyId: string, origin: string): PasskeyPlace | null {
  return useSyncExternalStore(
    neverChanges,
    () => passkeyPlaceOf({ id: relyingPartyId, origin }),
    () => null,
  );
}

/**
 * For a page opened at another address than APP_URL's (127.0.0.1 for localhost, say): names the address
 * where passkeys work, linking to this same page there (signing in again, since cookies belong to an address).
 */
export function PasskeyAddressNote({ origin, purpose }: { origin: string; purpose: string }): JSX.Element {
  // The router's view of the address: during a client-side navigation window.location still names the page left.
  const query = useSearchParams().toString();
  const samePageThere = `${origin}${usePathname()}${query ? `?${query}` : ""}`;
  return (
    <p className="field-hint">
      Open <a href={samePageThere}>{origin}</a> to {purpose}: passkeys belong to that address of the site.
    </p>
  );
}
