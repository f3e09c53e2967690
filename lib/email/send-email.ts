import "server-only";
import { Resend } from "resend";
import { getEnv } from "@/lib/env";
import { countEmailFailure } from "@/lib/observability/metrics.mjs";

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export type SendResult = { ok: true; id: string | null } | { ok: false; reason: string };

let resendClient: Resend | undefined;

function getResend(apiKey: string): Resend {
  // The SDK reads RESEND_BASE_URL itself, so a self-hosted or fake API keeps working.
  resendClient ??= new Resend(apiKey);
  return resendClient;
}

async function sendWithResend(apiKey: string, message: EmailMessage): Promise<SendResult> {
  const env = getEnv();
  const timeout = new Promise<SendResult>((resolve) => {
    setTimeout(() => resolve({ ok: false, reason: `timed out after ${env.EMAIL_TIMEOUT_MS} ms` }), env.EMAIL_TIMEOUT_MS).unref();
  });
  const send = getResend(apiKey)
    .emails.send({ from: env.EMAIL_FROM, to: [message.to], subject: message.subject, text: message.text, html: message.html })
    .then(({ data, error }): SendResult => (error ? { ok: false, reason: `${error.name}: ${error.message}` } : { ok: true, id: data?.id ?? null }))
    .catch((error: unknown): SendResult => ({ ok: false, reason: error instanceof Error ? error.message : String(error) }));
  return Promise.race([send, timeout]);
}

function sendToConsole(message: EmailMessage): SendResult {
  const rule = "-".repeat(60);
  console.log(`\n${rule}\n[email] To: ${message.to}\n[email] Subject: ${message.subject}\n\n${message.text}\n${rule}\n`);
  return { ok: true, id: null };
}

/** Sends through Resend when RESEND_API_KEY is set, else prints to the console. Never throws. */
export async function sendEmail(message: EmailMessage): Promise<SendResult> {
  const apiKey = getEnv().RESEND_API_KEY;
  const result = apiKey ? await sendWithResend(apiKey, message) : sendToConsole(message);
  if (!result.ok) countEmailFailure();
  return result;
}
