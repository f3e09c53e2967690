import type { EmailMessage } from "@/lib/email/send-email";

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

export function otpEmail(to: string, userName: string, code: string, lifetimeSeconds: number): EmailMessage {
  const minutes = Math.max(1, Math.round(lifetimeSeconds / 60));
  const text = [
    `Hello ${userName},`,
    "",
    `Your verification code is ${code}`,
    "",
    `It expires in ${minutes} minute${minutes === 1 ? "" : "s"} and works once.`,
    "If you did not create an account, ignore this email.",
  ].join("\n");
  const html =
    `<p>Hello ${escapeHtml(userName)},</p>` +
    `<p>Your verification code is</p><p style="font-size:28px;font-weight:700;letter-spacing:6px">${code}</p>` +
    `<p>It expires in ${minutes} minute${minutes === 1 ? "" : "s"} and works once.</p>` +
    "<p>If you did not create an account, ignore this email.</p>";
  return { to, subject: `Your verification code: ${code}`, text, html };
}

export function passwordResetEmail(to: string, userName: string, code: string, lifetimeSeconds: number): EmailMessage {
  const minutes = Math.max(1, Math.round(lifetimeSeconds / 60));
  const text = [
    `Hello ${userName},`,
    "",
    `Your password reset code is ${code}`,
    "",
    `It expires in ${minutes} minute${minutes === 1 ? "" : "s"} and works once. Using it signs you out everywhere.`,
    "If you did not ask to reset your password, ignore this email: your password stays as it is.",
  ].join("\n");
  const html =
    `<p>Hello ${escapeHtml(userName)},</p>` +
    `<p>Your password reset code is</p><p style="font-size:28px;font-weight:700;letter-spacing:6px">${code}</p>` +
    `<p>It expires in ${minutes} minute${minutes === 1 ? "" : "s"} and works once. Using it signs you out everywhere.</p>` +
    "<p>If you did not ask to reset your password, ignore this email: your password stays as it is.</p>";
  return { to, subject: `Your password reset code: ${code}`, text, html };
}
