import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import type { NewRefreshToken } from "@/lib/db/refresh-tokens";
import { secondFactorColumns } from "@/lib/db/second-factors";
import type { NewTrustedBrowser } from "@/lib/db/trusted-browsers";
import type { UserRecord } from "@/lib/db/users";
import { toEmailKey } from "@/lib/identifiers";
import { useDb, type Tx } from "@/lib/db/transaction";

export interface SignInRecord {
  user: { id: string; credentialsVersion: number };
  session: { id: string; expiresAt: Date; ip: string | null; userAgent: string | null; aal: number; amr: string[]; authTime: Date };
  token: NewRefreshToken;
  /** A sign-in (not a registration): records last_login, and may store an upgraded hash. */
  signIn?: { upgradedHash: string | null };
  /** The audit row it writes; none when the caller has written its own (event null). */
  audit: { event: string | null; detail?: Prisma.InputJsonValue };
  /** sha256 of the device's name: the known device this sign-in comes from (added if new). */
  deviceHash: string;
  /** The sign-in failures to forget, of this account key and client; null when nothing is counted. */
  clearFailures: { accountKey: string; client: string } | null;
  /** The second step (mfa_challenges.id) this sign-in completes: spent here, and nothing is written unless it was live. */
  spendsMfaChallenge?: string | null;
  /** The remembered browser (trusted_browsers.id) that let this sign-in skip its second step: it must still be remembered, and its use is recorded. */
  usesTrustedBrowser?: string | null;
  /** "Remember this browser" at the second step: stored with the session. */
  trustsBrowser?: NewTrustedBrowser | null;
  /** The session the browser held (named by a refresh token of its own): ended here as a logout, if still live. */
  endsSession?: { sessionId: string; jti: string } | null;
}

/**
 * A completed sign-in, in one statement (one round trip, atomic without a transaction). The second step it
 * completes, if any, is spent (of two concurrent completions of one step, one wins); the user row is updated
 * (last sign-in, an upgraded hash) only while the checked credentials version is current and the user
 * active; and only if both held are the session (with its assurance), its first refresh token, the audit
 * row and the known device written and the client's counted failures forgotten. The user row's lock orders
 * this against a password change, reset or deactivation: whichever commits first, no session outlives the
 * old password. `isCreated` false: the credentials changed (or the step was spent) meanwhile. `isNewDevice`:
 * the first sign-in from this device (of two concurrent ones from one new device, one is told so). A sign-in
 * that skipped its second step on a remembered browser needs that browser still remembered (a "Forget" that
 * committed first wins); one that asked to be remembered stores the browser with the session. The session
 * the browser held ends with it (as lib/auth/session/end.ts endSession ends one: revoked as "logout", its
 * refresh tokens blacklisted, a logout row), only if the sign-in succeeds and the token names it.
 */
export async function recordSignIn(input: SignInRecord, tx?: Tx): Promise<{ isCreated: boolean; isNewDevice: boolean }> {
  const db = await useDb(tx);
  const now = new Date();
  const ip = input.session.ip?.slice(0, 64) ?? null;
  const userAgent = input.session.userAgent?.slice(0, 512) ?? null;
  const { session, token, clearFailures } = input;
  const trusted = input.usesTrustedBrowser ?? null;
  const trusts = input.trustsBrowser ?? null;
  const detail = input.audit.detail === undefined ? null : JSON.stringify(input.audit.detail);
  const ends = input.endsSession ?? null;
  const [row] = await db.$queryRaw<{ created: bigint | number; is_new_device: boolean | null }[]>`
    WITH trusted AS (
      UPDATE trusted_browsers SET last_used_at = ${now}::timestamptz
      WHERE id = ${trusted}::uuid AND user_id = ${input.user.id}::uuid AND expires_at > now()
      RETURNING id
    ), spent AS (
      UPDATE mfa_challenges SET consumed_at = ${now}::timestamptz
      WHERE id = ${input.spendsMfaChallenge ?? null}::uuid AND user_id = ${input.user.id}::uuid AND consumed_at IS NULL AND expires_at > now()
      RETURNING id
    ), signer AS (
      UPDATE users SET
        last_login = CASE WHEN ${input.signIn !== undefined}::boolean THEN ${now}::timestamptz ELSE last_login END,
        password_hash = COALESCE(${input.signIn?.upgradedHash ?? null}::text, password_hash)
      WHERE id = ${input.user.id}::uuid AND credentials_version = ${input.user.credentialsVersion}::int AND is_active
        AND (${input.spendsMfaChallenge ?? null}::uuid IS NULL OR EXISTS (SELECT 1 FROM spent))
        AND (${trusted}::uuid IS NULL OR EXISTS (SELECT 1 FROM trusted))
      RETURNING id
    ), remembered AS (
      INSERT INTO trusted_browsers (id, user_id, token_hash, device, created_at, last_used_at, expires_at)
      SELECT gen_random_uuid(), signer.id, ${trusts?.tokenHash ?? null}::text, ${trusts?.device ?? null}::text, ${now}::timestamptz, ${now}::timestamptz,
        ${trusts?.expiresAt ?? null}::timestamptz
      FROM signer WHERE ${trusts?.tokenHash ?? null}::text IS NOT NULL
      RETURNING id
    ), created AS (
      INSERT INTO sessions (id, user_id, created_at, expires_at, last_used_at, ip, user_agent, aal, amr, auth_time)
      SELECT ${session.id}::uuid, signer.id, ${now}::timestamptz, ${session.expiresAt}::timestamptz, ${now}::timestamptz, ${ip}::text,
        ${userAgent}::text, ${session.aal}::smallint, ${session.amr}::text[], ${session.authTime}::timestamptz
      FROM signer
      RETURNING id
    ), token AS (
      INSERT INTO refresh_tokens (jti, session_id, issued_at, expires_at)
      SELECT ${token.jti}::uuid, created.id, ${token.issuedAt}::timestamptz, ${token.expiresAt}::timestamptz FROM created
      RETURNING jti
    ), audited AS (
      INSERT INTO audit_events (user_id, session_id, event, ip, user_agent, detail, created_at)
      SELECT signer.id, ${session.id}::uuid, ${input.audit.event}::text, ${ip}::text, ${userAgent}::text, ${detail}::jsonb, ${now}::timestamptz
      FROM signer WHERE ${input.audit.event}::text IS NOT NULL
      RETURNING id
    ), device AS (
      INSERT INTO known_devices (user_id, device_hash, first_seen_at, last_seen_at)
      SELECT signer.id, ${input.deviceHash}::text, ${now}::timestamptz, ${now}::timestamptz FROM signer
      ON CONFLICT (user_id, device_hash) DO UPDATE SET last_seen_at = EXCLUDED.last_seen_at
      RETURNING (xmax = 0) AS is_new
    ), ended AS (
      UPDATE sessions SET revoked_at = ${now}::timestamptz, revoked_reason = 'logout'
      WHERE id = ${ends?.sessionId ?? null}::uuid AND revoked_at IS NULL AND EXISTS (SELECT 1 FROM signer)
        AND EXISTS (SELECT 1 FROM refresh_tokens WHERE jti = ${ends?.jti ?? null}::uuid AND session_id = ${ends?.sessionId ?? null}::uuid)
      RETURNING id, user_id
    ), ended_tokens AS (
      UPDATE refresh_tokens SET blacklisted_at = ${now}::timestamptz
      WHERE session_id IN (SELECT id FROM ended) AND blacklisted_at IS NULL
      RETURNING 1
    ), logged_out AS (
      INSERT INTO audit_events (user_id, session_id, event, ip, user_agent, created_at)
      SELECT ended.user_id, ended.id, 'logout', ${ip}::text, ${userAgent}::text, ${now}::timestamptz FROM ended
      RETURNING id
    ), cleared AS (
      DELETE FROM sign_in_failures
      WHERE account_key = ${clearFailures?.accountKey ?? null}::text AND client = ${clearFailures?.client ?? null}::text
        AND EXISTS (SELECT 1 FROM signer)
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM token) AS created, (SELECT is_new FROM device) AS is_new_device`;
  return { isCreated: Number(row?.created ?? 0) === 1, isNewDevice: row?.is_new_device === true };
}

export interface SignInAccount extends UserRecord {
  /** An authenticator app is confirmed. */
  hasTotp: boolean;
  /** At least one passkey. */
  hasPasskey: boolean;
  /** Recovery codes not used yet. */
  hasRecoveryCodes: boolean;
  /** The remembered browser of this account the sign-in's token hash names, unexpired; else null. */
  trustedBrowserId: string | null;
}

/** Which account: by email or id, and the hash of a remembered browser's token the client presented, if any. */
export type SignInAccountQuery = ({ email: string } | { id: string }) & { trustedBrowserHash?: string | null };

/**
 * The account an email signs in to (or with this id), with the second factors it has and whether the
 * presented remembered-browser token is one of its own, in one statement; null if none.
 */
export async function findSignInAccount(by: SignInAccountQuery, tx?: Tx): Promise<SignInAccount | null> {
  const prisma = await useDb(tx);
  const where = "email" in by ? Prisma.sql`u.email_key = ${toEmailKey(by.email)}` : Prisma.sql`u.id = ${by.id}::uuid`;
  const [row] = await prisma.$queryRaw<SignInAccountRow[]>`
    SELECT u.id, u.email, u.user_name, u.password_hash, u.is_active, u.is_verified, u.is_staff, u.is_superuser,
      u.date_joined, u.last_login, u.credentials_version,
      ${secondFactorColumns(Prisma.sql`u.id`)},
      (SELECT b.id FROM trusted_browsers b
        WHERE b.token_hash = ${by.trustedBrowserHash ?? null}::text AND b.user_id = u.id AND b.expires_at > now()) AS trusted_browser_id
    FROM users u
    WHERE ${where}`;
  if (!row) return null;
  return {
    id: row.id,
    email: row.email,
    userName: row.user_name,
    passwordHash: row.password_hash,
    isActive: row.is_active,
    isVerified: row.is_verified,
    isStaff: row.is_staff,
    isSuperuser: row.is_superuser,
    dateJoined: row.date_joined,
    lastLogin: row.last_login,
    credentialsVersion: row.credentials_version,
    hasTotp: row.has_totp,
    hasPasskey: row.has_passkey,
    hasRecoveryCodes: row.has_recovery_codes,
    trustedBrowserId: row.trusted_browser_id,
  };
}

interface SignInAccountRow {
  id: string;
  email: string;
  user_name: string;
  password_hash: string;
  is_active: boolean;
  is_verified: boolean;
  is_staff: boolean;
  is_superuser: boolean;
  date_joined: Date;
  last_login: Date | null;
  credentials_version: number;
  has_totp: boolean;
  has_passkey: boolean;
  has_recovery_codes: boolean;
  trusted_browser_id: string | null;
}
