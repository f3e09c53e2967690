import "server-only";
import { dictionary } from "@zxcvbn-ts/language-common";

let commonPasswords: Set<string> | undefined;

function isCommonPassword(password: string): boolean {
  commonPasswords ??= new Set(dictionary["passwords-common"] ?? []);
  return commonPasswords.has(password.toLowerCase());
}

/** Longest run of characters shared by both (case-insensitive), the core of Django's similarity check. */
function resemblesAttribute(password: string, attribute: string): boolean {
  const lowerPassword = password.toLowerCase();
  const value = attribute.toLowerCase();
  if (value.length < 3) return false;
  if (lowerPassword.includes(value) || value.includes(lowerPassword)) return true;
  return false;
}

/** Server-side password rules beyond shape: not a known common password, not the email or user name. */
export function checkPasswordPolicy(password: string, context: { email: string; userName: string }): string[] {
  const problems: string[] = [];
  if (isCommonPassword(password)) problems.push("This password is too common.");
  const localPart = context.email.split("@")[0] ?? "";
  if ([context.email, localPart, context.userName].some((value) => resemblesAttribute(password, value))) {
    problems.push("The password is too similar to the email or user name.");
  }
  if (/^\d+$/.test(password)) problems.push("This password is entirely numeric.");
  return problems;
}
