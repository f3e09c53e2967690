import "server-only";
import { notFound, redirect } from "next/navigation";
import { isStaffAccount, type StaffPrincipal } from "@/lib/auth/admin";
import { getCurrentPrincipal } from "@/lib/auth/current-principal";

/**
 * The operator viewing an admin page, checked against the database on every render: the anonymous are
 * sent to sign in, and anyone else sees the ordinary "page not found" (the admin area is not revealed).
 */
export async function requireStaffPage(path: string): Promise<StaffPrincipal> {
  const principal = await getCurrentPrincipal();
  if (!principal) redirect(`/login?${new URLSearchParams({ next: path })}`);
  if (!isStaffAccount(principal)) notFound();
  return principal;
}
