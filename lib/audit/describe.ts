// How the pages read an audit row: the admin pages' label, and what the owner's dashboard shows (the label
// by the kind of code or the way of signing in, the warning, "This wasn't me"), from the catalogue.
import { auditEvents, isAuditEventName, type AuditEventEntry } from "./events";

/** Rows may carry names no longer in the catalogue: they read as their name with spaces. */
function spelledOut(name: string): string {
  return name.replaceAll("_", " ");
}

/** The admin pages' label of an event. */
export function labelForAdmin(name: string): string {
  if (isAuditEventName(name)) return auditEvents[name].admin;
  const words = spelledOut(name);
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The names of the kinds of code, by the purpose the audit row records. */
const codeKinds: Record<string, string> = {
  verify_email: "Verification code",
  reset_password: "Password reset code",
  change_email: "Email change code",
};

export interface OwnerEventDescription {
  label: string;
  isWarning: boolean;
  isReportable: boolean;
  isByOperator: boolean;
}

/**
 * How the dashboard shows an event to the account's owner; `codePurpose` is the row's `purpose`, if any, and
 * `methods` a sign-in's `amr`.
 */
export function describeForOwner(name: string, codePurpose: string | null, methods: readonly string[] | null = null): OwnerEventDescription {
  if (!isAuditEventName(name)) return { label: spelledOut(name), isWarning: false, isReportable: true, isByOperator: false };
  const entry: AuditEventEntry = auditEvents[name];
  // Rows written before the purpose was recorded name no kind rather than a wrong one.
  const codeKind = Object.hasOwn(codeKinds, codePurpose ?? "") ? codeKinds[codePurpose!]! : "One-time code";
  const label = entry.byCodeKind ? entry.byCodeKind(codeKind) : entry.byMethods && methods?.length ? entry.byMethods(methods).trimEnd() : entry.owner;
  return { label, isWarning: entry.isWarning, isReportable: entry.isReportable, isByOperator: entry.scope === "operator" };
}
