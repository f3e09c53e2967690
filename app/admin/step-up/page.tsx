import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import type { JSX } from "react";
import { AdminStepUp } from "@/components/admin/admin-step-up";
import { PasskeyHost } from "@/components/passkey-host";
import { toSafeNextPath } from "@/components/safe-next-path";
import { isStaffAccount } from "@/lib/auth/admin";
import { checkTwoFactors } from "@/lib/auth/assurance";
import { getCurrentPrincipal } from "@/lib/auth/current-principal";
import { findRelyingParty } from "@/lib/auth/passkeys";
import { STAFF_ENROLMENT_PATH, staffStepUpPath } from "../paths";

export const metadata: Metadata = { title: "Confirm it is you" };

/** Only admin pages are gone on to from here. */
function toAdminPath(value: string | string[] | undefined): string {
  const path = toSafeNextPath(value, "/admin");
  return path === "/admin" || path.startsWith("/admin/") || path.startsWith("/admin?") ? path : "/admin";
}

/**
 * Staff whose session proved one factor (a password, or a remembered browser) prove the second here before
 * the admin pages open, with the second factor they have (a passkey first). Whoever has nothing to prove here is sent on: to sign in, to enrol, or to `next`.
 */
export default async function AdminStepUpPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }): Promise<JSX.Element> {
  const next = toAdminPath((await searchParams).next);
  const principal = await getCurrentPrincipal();
  if (!principal) redirect(`/login?${new URLSearchParams({ next: staffStepUpPath(next) })}`);
  if (!isStaffAccount(principal)) notFound();
  const standing = await checkTwoFactors(principal);
  if (standing.status === "admitted") redirect(next);
  if (standing.status === "enrolment_required") redirect(STAFF_ENROLMENT_PATH);
  return (
    <div className="auth-shell">
      <section className="card" aria-labelledby="step-up-title">
        <h1 id="step-up-title">Confirm it is you</h1>
        <PasskeyHost site={findRelyingParty()}>
          <AdminStepUp next={next} methods={standing.methods} />
        </PasskeyHost>
        <p className="muted">
          <Link href="/dashboard">Back to your dashboard</Link>
        </p>
      </section>
    </div>
  );
}
