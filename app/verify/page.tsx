import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import type { JSX } from "react";
import { LogoutButton } from "@/components/logout-button";
import { OtpForm } from "@/components/otp-form";
import { getCurrentPrincipal } from "@/lib/auth/current-principal";
import { getCodeStatus } from "@/lib/auth/codes";

export const metadata: Metadata = { title: "Verify your email" };

export default async function VerifyPage(): Promise<JSX.Element> {
  const principal = await getCurrentPrincipal();
  if (principal?.user.isVerified) redirect("/dashboard");
  const timers = await getCodeStatus(principal?.user ?? null);
  return (
    <div className="auth-shell">
      <section className="card">
        <h1 id="verify-title">Check your email</h1>
        <p className="lead">
          {principal ? "Enter the code we emailed you to confirm your address." : "Enter your email address and the code we sent to it."}
        </p>
        {/* Signed in, the code went to the account's address; signed out, the visitor names it. */}
        <OtpForm email={principal?.user.email ?? null} isSignedIn={principal !== null} timers={timers} />
        <div className="card-footer">
          {principal ? (
            <>
              <p>Wrong address? Log out and create the account again.</p>
              <LogoutButton className="button button-link" />
            </>
          ) : (
            <p>
              Already verified? <Link href="/login">Sign in</Link>
            </p>
          )}
        </div>
      </section>
    </div>
  );
}
