import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import type { JSX } from "react";
import { RegisterForm } from "@/components/register-form";
import { getCurrentPrincipal } from "@/lib/auth/current-principal";

export const metadata: Metadata = { title: "Create an account" };

export default async function RegisterPage(): Promise<JSX.Element> {
  if (await getCurrentPrincipal()) redirect("/dashboard");
  return (
    <div className="auth-shell">
      <section className="card">
        <h1 id="register-title">Create your account</h1>
        <p className="lead">It takes a minute. We will email you a code to confirm your address.</p>
        <RegisterForm />
        <p className="card-footer">
          Already have an account? <Link href="/login">Sign in</Link>
        </p>
      </section>
    </div>
  );
}
