import type { EmailChangeMode } from "./email-change-form";

const KEY = "keystone:pending-email-change";

/** A code on its way to a new address: kept in this tab, so the code step survives a reload. */
export interface PendingEmailChange {
  mode: EmailChangeMode;
  target: string;
  /** Seconds the code has left, as measured now. */
  expiresInSeconds: number;
}

export function savePendingEmailChange(mode: EmailChangeMode, target: string, lifetimeSeconds: number): void {
  try {
    sessionStorage.setItem(KEY, JSON.stringify({ mode, target, expiresAt: Date.now() + lifetimeSeconds * 1000 }));
  } catch {
    // Storage off (private mode, a full quota): a reload then starts over, as before.
  }
}

/** The pending change of this kind, if its code can still be used. */
export function readPendingEmailChange(mode: EmailChangeMode): PendingEmailChange | null {
  try {
    const saved = JSON.parse(sessionStorage.getItem(KEY) ?? "null") as { mode?: unknown; target?: unknown; expiresAt?: unknown } | null;
    if (!saved || saved.mode !== mode || typeof saved.target !== "string" || typeof saved.expiresAt !== "number") return null;
    const expiresInSeconds = Math.ceil((saved.expiresAt - Date.now()) / 1000);
    return expiresInSeconds > 0 ? { mode, target: saved.target, expiresInSeconds } : null;
  } catch {
    return null;
  }
}

export function clearPendingEmailChange(): void {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // Nothing was kept.
  }
}
