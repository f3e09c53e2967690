import type { JSX } from "react";
import type { PasskeyView } from "@/lib/auth/passkeys/view";
import { RelativeTime } from "./relative-time";

/** Where the passkey lives: on one device, or synced (and whether the authenticator says it is backed up). */
function describeKind(passkey: PasskeyView): string {
  if (passkey.device_type === "singleDevice") return "Bound to one device";
  return passkey.backed_up ? "Synced, backed up" : "Synced, not backed up yet";
}

/** A passkey's name, and whether it is bound to one device or synced, when it was added and last used: its owner's list and the admin's show the same. */
export function PasskeySummary({ passkey, now }: { passkey: PasskeyView; now: number }): JSX.Element {
  return (
    <>
      <div className="passkey-name">{passkey.name}</div>
      <p className="passkey-meta">
        {describeKind(passkey)} · added <RelativeTime date={new Date(passkey.created_at)} now={now} /> ·{" "}
        {passkey.last_used_at ? (
          <>
            last used <RelativeTime date={new Date(passkey.last_used_at)} now={now} />
          </>
        ) : (
          "not used yet"
        )}
      </p>
    </>
  );
}
