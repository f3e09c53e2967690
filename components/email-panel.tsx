import type { JSX } from "react";
import { EmailChangeForm } from "./email-change-form";

/** The dashboard's "Email address" panel: moving the account to another address. */
export function EmailPanel({ lifetimeSeconds }: { lifetimeSeconds: number }): JSX.Element {
  return (
    <section className="panel" aria-labelledby="email-title">
      <h2 id="email-title">Email address</h2>
      <p className="muted">We send a code to the new address; once you enter it, the account uses that address, your old one is told, and every other device is signed out.</p>
      <EmailChangeForm mode="change" lifetimeSeconds={lifetimeSeconds} />
    </section>
  );
}
