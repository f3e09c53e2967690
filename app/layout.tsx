import type { Metadata, Viewport } from "next";
import Link from "next/link";
import type { JSX, ReactNode } from "react";
import "@fontsource-variable/inter";
import "./globals.css";
import { Announcer } from "@/components/announcer";

export const metadata: Metadata = {
  title: { default: "Keystone Auth", template: "%s · Keystone Auth" },
  description: "Sign up, verify your email and sign in: JWT authentication with rotating refresh tokens.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#f6f7fb" };

// Every page is rendered per request: the proxy's CSP nonce must reach Next's own scripts.
export const dynamic = "force-dynamic";

export default function RootLayout({ children }: { children: ReactNode }): JSX.Element {
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="site-header">
          <Link href="/" className="brand" prefetch={false}>
            <span className="brand-mark" aria-hidden="true">
              K
            </span>
            Keystone Auth
          </Link>
        </header>
        <main id="main" tabIndex={-1}>
          {children}
        </main>
        <Announcer />
        <footer className="site-footer">
          <p>
            Keystone Auth · tokens stay in httpOnly cookies, never in page scripts ·{" "}
            {/* A full page load: the reference's own scripts start with the page. */}
            <a href="/docs">API reference</a>
          </p>
        </footer>
      </body>
    </html>
  );
}
