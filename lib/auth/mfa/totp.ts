import "server-only";
import { randomBytes } from "node:crypto";
import { Secret, TOTP } from "otpauth";
import QRCode from "qrcode";

/**
 * The authenticator app's algorithm (RFC 6238) as every app implements it: HMAC-SHA-1, 6 digits, 30-second
 * steps. A code is accepted for the current step or one step either side (clock drift); which step matched is
 * returned so the caller can refuse a step already used (replay), see lib/db/second-factors.ts.
 */
export const TOTP_PARAMETERS = { algorithm: "SHA1", digits: 6, period: 30 } as const;
export const TOTP_WINDOW = 1;

/** 160 random bits (RFC 4226's recommended length), base32 as authenticator apps take it typed in. */
export function generateTotpSecret(): string {
  return new Secret({ buffer: randomBytes(20).buffer }).base32;
}

/** The otpauth:// URL the QR code carries: issuer and account name shown in the app. */
export function buildTotpUrl(secret: string, issuer: string, accountName: string): string {
  return new TOTP({ ...TOTP_PARAMETERS, issuer, label: accountName, secret: Secret.fromBase32(secret) }).toString();
}

/** The 30-second step `timestamp` (ms) falls in. */
export function totpStepAt(timestamp: number): number {
  return TOTP.counter({ period: TOTP_PARAMETERS.period, timestamp });
}

/** The time step whose code `code` is, within the window around `timestamp`; null when it is none of them. */
export function matchTotpStep(secret: string, code: string, timestamp: number = Date.now()): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = TOTP.validate({ ...TOTP_PARAMETERS, token: code, secret: Secret.fromBase32(secret), timestamp, window: TOTP_WINDOW });
  return delta === null ? null : totpStepAt(timestamp) + delta;
}

/** The QR code of `url` as an SVG document, drawn here: the secret never goes to an outside service. */
export function renderQrSvg(url: string): Promise<string> {
  return QRCode.toString(url, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
}
