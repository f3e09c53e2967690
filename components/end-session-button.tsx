"use client";

import type { JSX } from "react";
import { DeleteButton } from "./delete-button";

/**
 * Ends one of the user's other sessions (a lost phone, a shared computer). `onEnded` announces it and
 * refreshes the list; a session that already ended elsewhere counts as ended.
 */
export function EndSessionButton({ sessionId, device, onEnded }: { sessionId: string; device: string; onEnded: (device: string) => void }): JSX.Element {
  return (
    <DeleteButton
      url={`/api/sessions/${encodeURIComponent(sessionId)}/`}
      label="Sign out"
      pendingLabel="Signing out…"
      accessibleName={`Sign out ${device}`}
      onDeleted={() => onEnded(device)}
    />
  );
}
