import { AuthenticatorApp } from "./two-factors";

/** The app's next code, never a recovery code: for tests about the code itself (at most two codes a 30-second step). */
export function nextCode(app: AuthenticatorApp): string {
  const proof = app.nextProof();
  if (!("code" in proof)) throw new Error("no unused step within reach: this test uses more codes than the clock allows");
  return proof.code;
}

/** An app set up from the key a page shows (as a person types it), before any of its codes was used. */
export function appFromKey(key: string): AuthenticatorApp {
  return new AuthenticatorApp(key.replace(/\s+/g, ""), [], Math.floor(Date.now() / 30_000) - 1);
}
