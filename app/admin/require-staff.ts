import "server-only";
import { notFound, redirect } from "next/navigation";
import { isStaffAccount, type StaffPrincipal } from "@/lib/auth/admin";
import { checkTwoFactors } from "@/lib/auth/assurance";
import { getCurrentPrincipal } from "@/lib/auth/current-principal";
import { STAFF_ENROLMENT_PATH, staffStepUpPath } from "./paths";

/**
 * The operator viewing an admin page, checked against the database on every render: the anonymous are
 * sent to sign in, and anyone else sees the ordinary "page not found" (the admin area is not revealed).
 * Staff then need two factors (the gate of the API too, lib/auth/assurance.ts): without a factor they are
 * sent to enrol on their dashboard, with one but a session below two factors to prove it (step-up).
 */
export async function requireStaffPage(path: string): Promise<StaffPrincipal> {
  const principal = await getCurrentPrincipal();
  if (!principal) redirect(`/login?${new URLSearchParams({ next: path })}`);
  if (!isStaffAccount(principal)) notFound();
  const standing = await checkTwoFactors(principal);
  if (standing.status === "enrolment_required") redirect(STAFF_ENROLMENT_PATH);
  if (standing.status === "step_up_required") redirect(staffStepUpPath(path));
  return principal;
}
