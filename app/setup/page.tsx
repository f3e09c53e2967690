import type { Metadata } from "next";
import Link from "next/link";
import type { JSX } from "react";
import { FormAlert } from "@/components/form-alert";
import { SetupForm } from "@/components/setup-form";
import { isFirstAdminSetupOpen } from "@/lib/auth/admin";

export const metadata: Metadata = { title: "Create the first administrator" };

export default async function SetupPage(): Promise<JSX.Element> {
  const isOpen = await isFirstAdminSetupOpen();
  return (
    <div className="auth-shell">
      <section className="card">
        <h1 id="setup-title">Create the first administrator</h1>
        {isOpen ? (
          <>
            <p className="lead">No administrator exists yet. This account will be verified and a superuser, and you will be signed in to it.</p>
            <SetupForm />
          </>
        ) : (
          <FormAlert tone="info" isAnnounced={false}>
            An administrator exists already, so setup links no longer work. <Link href="/login">Sign in</Link>, or ask an administrator.
          </FormAlert>
        )}
      </section>
    </div>
  );
}
