import Link from "next/link";
import type { JSX } from "react";

export default function NotFound(): JSX.Element {
  return (
    <div className="auth-shell">
      <section className="card">
        <h1>Page not found</h1>
        <p className="lead">There is nothing at this address. It may have moved, or the link may be mistyped.</p>
        <p>
          <Link className="button button-primary" href="/">
            Go to the home page
          </Link>
        </p>
      </section>
    </div>
  );
}
