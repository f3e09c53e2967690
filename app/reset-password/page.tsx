import type { Metadata } from "next";
import Link from "next/link";
import type { JSX } from "react";
import { ResetPasswordForm } from "@/components/reset-password-form";

export const metadata: Metadata = { title: "Reset your password" };

export default function ResetPasswordPage(): JSX.Element {
  return (
    <div className="auth-shell">
      <section className="card">
        <h1 id="reset-title">Reset your password</h1>
        <p className="lead">We email you a code; with it you choose a new password, and every device is signed out.</p>
        <ResetPasswordForm />
        <p className="card-footer">
          Remembered it? <Link href="/login">Sign in</Link>
        </p>
      </section>
    </div>
  );
}
