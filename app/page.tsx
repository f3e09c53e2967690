import Link from "next/link";
import type { JSX } from "react";
import { getCurrentPrincipal } from "@/lib/auth/current-principal";

const features = [
  {
    title: "Email you can trust",
    text: "Every account confirms its address with a 6-digit code that expires, works once and cannot be guessed.",
  },
  {
    title: "Sessions that renew themselves",
    text: "A short-lived access token is renewed quietly in the background; a stolen refresh token ends the session.",
  },
  {
    title: "Nothing for scripts to steal",
    text: "Tokens live in httpOnly, SameSite cookies. No page script, extension-injected or otherwise, can read them.",
  },
];

export default async function HomePage(): Promise<JSX.Element> {
  const principal = await getCurrentPrincipal();
  return (
    <div className="landing">
      <section className="hero" aria-labelledby="hero-title">
        <p className="eyebrow">Sign-up, sign-in, sessions</p>
        <h1 id="hero-title">Accounts that stay secure without getting in the way.</h1>
        <p className="lead">
          Keystone Auth gives your product email sign-up with one-time codes, password sign-in and sessions protected by rotating
          refresh tokens.
        </p>
        <div className="actions">
          {principal ? (
            <Link className="button button-primary" href="/dashboard">
              Go to your dashboard
            </Link>
          ) : (
            <>
              <Link className="button button-primary" href="/register">
                Create an account
              </Link>
              <Link className="button button-secondary" href="/login">
                Sign in
              </Link>
            </>
          )}
        </div>
      </section>
      <ul className="features">
        {features.map((feature) => (
          <li key={feature.title} className="feature">
            <h2>{feature.title}</h2>
            <p>{feature.text}</p>
          </li>
        ))}
      </ul>
    </div>
  );
}
