import type { PasskeyRecord } from "@/lib/db/passkeys";

/** A passkey as GET /api/passkeys/ lists it: never its key or credential ID. */
export interface PasskeyView {
  id: string;
  name: string;
  created_at: string;
  last_used_at: string | null;
  /** `singleDevice`: bound to one authenticator (a security key); `multiDevice`: synced between devices. */
  device_type: "singleDevice" | "multiDevice";
  backed_up: boolean;
}

export function toPasskeyView(passkey: PasskeyRecord): PasskeyView {
  return {
    id: passkey.id,
    name: passkey.name,
    created_at: passkey.createdAt.toISOString(),
    last_used_at: passkey.lastUsedAt?.toISOString() ?? null,
    device_type: passkey.deviceType === "singleDevice" ? "singleDevice" : "multiDevice",
    backed_up: passkey.backedUp,
  };
}
