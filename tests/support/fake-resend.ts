import http from "node:http";
import type { AddressInfo } from "node:net";

export interface CapturedEmail {
  id: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  receivedAt: number;
}

export type FakeResendMode = "ok" | "fail" | "hang";

export interface FakeResend {
  url: string;
  emails: CapturedEmail[];
  setMode(mode: FakeResendMode): void;
  close(): Promise<void>;
}

/**
 * A stand-in for api.resend.com on 127.0.0.1: the real SDK posts to it. `GET /_test/emails` and
 * `PUT /_test/mode` let another process (the e2e tests) read the mail and make the provider fail.
 */
export async function startFakeResend(options: { apiKey: string; port?: number }): Promise<FakeResend> {
  const emails: CapturedEmail[] = [];
  let mode: FakeResendMode = "ok";
  let counter = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const send = (status: number, body: unknown): void => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(body));
      };
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      if (req.method === "GET" && url.pathname === "/_test/emails") return send(200, emails);
      if (req.method === "PUT" && url.pathname === "/_test/mode") {
        mode = JSON.parse(Buffer.concat(chunks).toString()).mode as FakeResendMode;
        return send(200, { mode });
      }
      if (req.method !== "POST" || url.pathname !== "/emails") return send(404, { name: "not_found", message: "Not found" });
      if (req.headers.authorization !== `Bearer ${options.apiKey}`) return send(401, { name: "missing_api_key", message: "Invalid API key" });
      if (mode === "hang") return;
      if (mode === "fail") return send(500, { name: "internal_server_error", message: "Provider unavailable" });
      const body = JSON.parse(Buffer.concat(chunks).toString()) as Omit<CapturedEmail, "id" | "receivedAt">;
      const id = `email_${++counter}`;
      emails.push({ ...body, id, to: Array.isArray(body.to) ? body.to : [body.to], receivedAt: Date.now() });
      send(200, { id });
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    emails,
    setMode: (next) => {
      mode = next;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Whether an email carries a code (security notices to the same address do not). */
export function hasOtp(email: CapturedEmail): boolean {
  return /\b\d{6}\b/.test(email.text);
}

/** The 6-digit code in an OTP email. */
export function extractOtp(email: CapturedEmail): string {
  const match = /\b(\d{6})\b/.exec(email.text);
  if (!match?.[1]) throw new Error(`no code in email "${email.subject}"`);
  return match[1];
}
