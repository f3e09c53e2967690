import type { EmailMessage } from "@/lib/email/send-email";

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function minutesOf(lifetimeSeconds: number): string {
  const minutes = Math.max(1, Math.round(lifetimeSeconds / 60));
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}

/** A code email: what the code is for, the code, how long it lasts, and what to do if it was not asked for. */
function codeEmail(to: string, userName: string, code: string, kind: { name: string; expiry: string; ignore: string }): EmailMessage {
  const text = [`Hello ${userName},`, "", `Your ${kind.name} is ${code}`, "", kind.expiry, kind.ignore].join("\n");
  const html =
    `<p>Hello ${escapeHtml(userName)},</p>` +
    `<p>Your ${kind.name} is</p><p style="font-size:28px;font-weight:700;letter-spacing:6px">${code}</p>` +
    `<p>${escapeHtml(kind.expiry)}</p><p>${escapeHtml(kind.ignore)}</p>`;
  return { to, subject: `Your ${kind.name}: ${code}`, text, html };
}

export function otpEmail(to: string, userName: string, code: string, lifetimeSeconds: number): EmailMessage {
  return codeEmail(to, userName, code, {
    name: "verification code",
    expiry: `It expires in ${minutesOf(lifetimeSeconds)} and works once.`,
    ignore: "If you did not create an account, ignore this email.",
  });
}

export function passwordResetEmail(to: string, userName: string, code: string, lifetimeSeconds: number): EmailMessage {
  return codeEmail(to, userName, code, {
    name: "password reset code",
    expiry: `It expires in ${minutesOf(lifetimeSeconds)} and works once. Using it signs you out everywhere.`,
    ignore: "If you did not ask to reset your password, ignore this email: your password stays as it is.",
  });
}

/** Sent to the new address of an email change: the code proves the address belongs to whoever asked. */
export function emailChangeCodeEmail(to: string, userName: string, code: string, lifetimeSeconds: number): EmailMessage {
  return codeEmail(to, userName, code, {
    name: "code to confirm your new email address",
    expiry: `It expires in ${minutesOf(lifetimeSeconds)} and works once. Once it is used, this address signs in to the account ${userName}, and every other device is signed out.`,
    ignore: "If you did not ask to use this address for an account, ignore this email: nothing changes.",
  });
}

/** Sent instead of a code when the new address of an email change already has an account. */
export function emailInUseEmail(to: string): EmailMessage {
  const lines = [
    "Hello,",
    "",
    "Someone asked to move another account to this email address, which already has an account with us. No code was sent and nothing changed.",
    "",
    "If it was you: sign in with this address instead, or choose another address for the other account.",
    "If it was not you, ignore this email: your account is untouched.",
  ];
  return { to, subject: "This email address already has an account", text: lines.join("\n"), html: lines.filter(Boolean).map((line) => `<p>${escapeHtml(line)}</p>`).join("") };
}

/** Where and when something happened to an account, as a security email names it. */
export interface SecurityContext {
  at: Date;
  device: string;
  ip: string | null;
}

/** What a security email says: what happened, and what to do if it was not the reader. */
export interface SecurityNotice {
  subject: string;
  happened: string;
  ifNotYou: string;
}

const timeFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeStyle: "short", timeZone: "UTC" });

/** A security notice: what happened, when (UTC), from which device and IP, and what to do if it was not them. */
export function securityNoticeEmail(to: string, userName: string, notice: SecurityNotice, context: SecurityContext): EmailMessage {
  const facts: [string, string][] = [
    ["When", `${timeFormat.format(context.at)} UTC`],
    ["Device", context.device],
    ["IP address", context.ip ?? "unknown"],
  ];
  const text = [
    `Hello ${userName},`,
    "",
    notice.happened,
    "",
    ...facts.map(([label, value]) => `${label}: ${value}`),
    "",
    "If this was you, there is nothing to do.",
    `If it was not you: ${notice.ifNotYou}`,
  ].join("\n");
  const html =
    `<p>Hello ${escapeHtml(userName)},</p><p>${escapeHtml(notice.happened)}</p>` +
    `<table>${facts.map(([label, value]) => `<tr><th align="left">${label}</th><td>${escapeHtml(value)}</td></tr>`).join("")}</table>` +
    `<p>If this was you, there is nothing to do.</p><p><strong>If it was not you:</strong> ${escapeHtml(notice.ifNotYou)}</p>`;
  return { to, subject: notice.subject, text, html };
}
