import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import type { JSX } from "react";
import { LogoutButton } from "@/components/logout-button";
import { OtpForm } from "@/components/otp-form";
import { VerifyWithCorrection } from "@/components/verify-with-correction";
import { getCurrentPrincipal } from "@/lib/auth/current-principal";
import { getCodeStatus } from "@/lib/auth/codes";

export const metadata: Metadata = { title: "Verify your email" };

export default async function VerifyPage(): Promise<JSX.Element> {
  const principal = await getCurrentPrincipal();
  if (principal?.user.isVerified) redirect("/dashboard");
  const [timers, changeCode] = await Promise.all([getCodeStatus(principal?.user ?? null), getCodeStatus(null, "change_email")]);
  return (
    <div className="auth-shell">
      <section className="card">
        {/* Signed in, the code went to the account's address (which a typo can be corrected from here, a step with its own title); signed out, the visitor names it. */}
        {principal ? (
          <VerifyWithCorrection email={principal.user.email} timers={timers} changeLifetimeSeconds={changeCode.lifetimeSeconds} />
        ) : (
          <>
            <h1 id="verify-title">Check your email</h1>
            <p className="lead">Enter your email address and the code we sent to it.</p>
            <OtpForm email={null} isSignedIn={false} timers={timers} />
          </>
        )}
        <div className="card-footer">
          {principal ? (
            <>
              <p>Not your account?</p>
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
