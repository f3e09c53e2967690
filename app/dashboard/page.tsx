import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import type { JSX } from "react";
import { ChangePasswordForm } from "@/components/change-password-form";
import { EmailPanel } from "@/components/email-panel";
import { LogoutButton } from "@/components/logout-button";
import { PasskeyHost } from "@/components/passkey-host";
import { PasskeysPanel } from "@/components/passkeys-panel";
import { RelativeTime } from "@/components/relative-time";
import { SecurityEventsPanel } from "@/components/security-events-panel";
import { SessionsPanel } from "@/components/sessions-panel";
import { TwoFactorPanel } from "@/components/two-factor-panel";
import { getAccountOverview } from "@/lib/auth/account-overview";
import { getCodeStatus } from "@/lib/auth/codes";
import { getSecondFactorStatus } from "@/lib/auth/mfa";
import { findRelyingParty, listPasskeysOf } from "@/lib/auth/passkeys";
import type { Principal } from "@/lib/auth/principal";
import { getCurrentPrincipal } from "@/lib/auth/current-principal";
import { getSignInPath } from "@/lib/auth/sign-in-path";
import { listTrustedBrowsersForPage } from "./trusted-browsers";

export const metadata: Metadata = { title: "Dashboard" };

function DashboardHeader({ title, subtitle }: { title: string; subtitle: string }): JSX.Element {
  return (
    <header className="page-header">
      <div>
        <h1>{title}</h1>
        <p className="lead">{subtitle}</p>
      </div>
      <LogoutButton />
    </header>
  );
}

/** An unverified account sees only the way forward, nothing protected. */
function VerifyPrompt({ email }: { email: string }): JSX.Element {
  return (
    <div className="dashboard">
      <DashboardHeader title="One more step" subtitle={`Signed in as ${email}`} />
      <section className="panel panel-callout" aria-labelledby="verify-prompt-title">
        <h2 id="verify-prompt-title">Verify your email to unlock your account</h2>
        <p>
          We sent a 6-digit code to <strong>{email}</strong>. Enter it to confirm the address is yours; your profile and sessions appear
          here once it is verified.
        </p>
        <Link className="button button-primary" href="/verify">
          Enter your code
        </Link>
      </section>
    </div>
  );
}

function ProfilePanel({ user, now }: { user: Principal["user"]; now: number }): JSX.Element {
  return (
    <section className="panel" aria-labelledby="profile-title">
      <h2 id="profile-title">Profile</h2>
      <dl className="details">
        <div>
          <dt>User name</dt>
          <dd>{user.userName}</dd>
        </div>
        <div>
          <dt>Email</dt>
          <dd>
            <span className="break">{user.email}</span> <span className="badge badge-ok">Verified</span>
          </dd>
        </div>
        <div>
          <dt>Member since</dt>
          <dd>
            <RelativeTime date={user.dateJoined} now={now} />
          </dd>
        </div>
        <div>
          <dt>Last sign-in</dt>
          <dd>{user.lastLogin ? <RelativeTime date={user.lastLogin} now={now} /> : "At registration"}</dd>
        </div>
      </dl>
    </section>
  );
}

function PasswordPanel(): JSX.Element {
  return (
    <section className="panel" aria-labelledby="password-title">
      <h2 id="password-title">Password</h2>
      <p className="muted">Changing it signs out every other device.</p>
      <ChangePasswordForm />
    </section>
  );
}

type SearchParams = Record<string, string | string[] | undefined>;

export default async function DashboardPage({ searchParams }: { searchParams: Promise<SearchParams> }): Promise<JSX.Element> {
  // The proxy's check is a fast path only: the session is checked against the database here.
  const principal = await getCurrentPrincipal();
  if (!principal) redirect(await getSignInPath("/dashboard"));
  const { user } = principal;
  if (!user.isVerified) return <VerifyPrompt email={user.email} />;
  const relyingParty = findRelyingParty();
  const [overview, emailCode, secondFactor, trustedBrowsers, params, passkeys] = await Promise.all([
    getAccountOverview(principal),
    getCodeStatus(null, "change_email"),
    getSecondFactorStatus(user.id),
    listTrustedBrowsersForPage(principal),
    searchParams,
    relyingParty ? listPasskeysOf(principal) : null,
  ]);
  const now = Date.now();
  return (
    <div className="dashboard">
      <DashboardHeader title={`Hello, ${user.userName}`} subtitle="Your account and where it is signed in." />
      {user.isActive && user.isStaff ? (
        <p>
          <Link href="/admin">Admin: manage users</Link>
        </p>
      ) : null}
      {/* The step-up prompts below offer a passkey where this page can use one. */}
      <PasskeyHost site={relyingParty}>
        <div className="dashboard-grid">
          <ProfilePanel user={user} now={now} />
          <SessionsPanel sessions={overview.sessions} now={now} />
          <TwoFactorPanel
            status={{ isOn: secondFactor.totp.enabled, hasPasskey: secondFactor.passkeys.count > 0, enabledAt: secondFactor.totp.enabled_at, recoveryCodesLeft: secondFactor.recovery_codes.remaining }}
            trustedBrowsers={trustedBrowsers}
            email={user.email}
            isStaffEnrolment={params.enrol === "staff" && user.isStaff}
            now={now}
          />
          {relyingParty && passkeys ? <PasskeysPanel passkeys={passkeys.passkeys} email={user.email} site={relyingParty} hasSecondFactor={secondFactor.totp.enabled || secondFactor.passkeys.count > 0} now={now} /> : null}
          <PasswordPanel />
          <EmailPanel lifetimeSeconds={emailCode.lifetimeSeconds} />
          {/* Last, across the page's width: the forms come before a long history in keyboard order. */}
          <SecurityEventsPanel events={overview.events} email={user.email} now={now} />
        </div>
      </PasskeyHost>
    </div>
  );
}
