"use client";

import Link from "next/link";
import type { JSX } from "react";

/** Shown when a page fails to render; the cause is logged on the server, never shown here. */
export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }): JSX.Element {
  return (
    <div className="auth-shell">
      <section className="card" role="alert">
        <h1>Something went wrong</h1>
        <p className="lead">We could not show this page. Try again in a moment.</p>
        <div className="actions">
          <button type="button" className="button button-primary" onClick={reset}>
            Try again
          </button>
          <Link className="button button-secondary" href="/">
            Home
          </Link>
        </div>
      </section>
    </div>
  );
}
