import type { Metadata } from "next";
import Link from "next/link";
import type { JSX } from "react";
import { FormAlert } from "@/components/form-alert";
import { SetupForm } from "@/components/setup-form";
import { isFirstAdminSetupOpen } from "@/lib/auth/admin";
import { getEnv } from "@/lib/env";
import { STAFF_ENROLMENT_PATH } from "../admin/paths";

export const metadata: Metadata = { title: "Create the first administrator" };

export default async function SetupPage(): Promise<JSX.Element> {
  const isOpen = await isFirstAdminSetupOpen();
  const needsTwoFactors = getEnv().ADMIN_REQUIRE_MFA;
  return (
    <div className="auth-shell">
      <section className="card">
        <h1 id="setup-title">Create the first administrator</h1>
        {isOpen ? (
          <>
            <p className="lead">
              No administrator exists yet. This account will be verified and a superuser, and you will be signed in to it.
              {needsTwoFactors ? " The admin pages need two-factor authentication, so you set up an authenticator app next." : null}
            </p>
            <SetupForm next={needsTwoFactors ? STAFF_ENROLMENT_PATH : "/admin"} />
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
