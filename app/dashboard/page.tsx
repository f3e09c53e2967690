import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import type { JSX } from "react";
import { ChangePasswordForm } from "@/components/change-password-form";
import { EndSessionButton } from "@/components/end-session-button";
import { LogoutButton } from "@/components/logout-button";
import { RelativeTime } from "@/components/relative-time";
import { getAccountOverview, type AccountOverview } from "@/lib/auth/account-overview";
import type { Principal } from "@/lib/auth/principal";
import { getCurrentPrincipal } from "@/lib/auth/current-principal";

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

function SessionsPanel({ sessions, now }: { sessions: AccountOverview["sessions"]; now: number }): JSX.Element {
  return (
    <section className="panel" aria-labelledby="sessions-title">
      <h2 id="sessions-title">Active sessions</h2>
      <p className="muted">Browsers and apps signed in to your account. Sign out any you do not recognise; logging out ends this device&apos;s session.</p>
      <ul className="session-list">
        {sessions.map((session) => (
          <li key={session.id} className={session.isCurrent ? "session session-current" : "session"} aria-current={session.isCurrent ? "true" : undefined}>
            <div className="session-title">
              <span>{session.device}</span>
              {session.isCurrent ? <span className="badge badge-accent">This device</span> : null}
            </div>
            <p className="session-meta">
              {session.ip ? <>IP {session.ip} · </> : null}
              signed in <RelativeTime date={session.createdAt} now={now} /> · last active <RelativeTime date={session.lastUsedAt} now={now} />
            </p>
            {session.isCurrent ? null : <EndSessionButton sessionId={session.id} device={session.device} />}
          </li>
        ))}
      </ul>
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

function EventsPanel({ events, now }: { events: AccountOverview["events"]; now: number }): JSX.Element {
  return (
    <section className="panel" aria-labelledby="events-title">
      <h2 id="events-title">Recent security events</h2>
      {events.length === 0 ? (
        <p className="muted">Nothing yet.</p>
      ) : (
        <ol className="event-list">
          {events.map((event, index) => (
            <li key={`${event.createdAt.toISOString()}-${index}`} className={event.isWarning ? "event event-warning" : "event"}>
              <span className="event-label">{event.label}</span>
              <span className="event-meta">
                <RelativeTime date={event.createdAt} now={now} />
                {event.ip ? <> · {event.ip}</> : null}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

export default async function DashboardPage(): Promise<JSX.Element> {
  // The proxy's check is a fast path only: the session is checked against the database here.
  const principal = await getCurrentPrincipal();
  if (!principal) redirect(`/login?${new URLSearchParams({ next: "/dashboard" })}`);
  const { user } = principal;
  if (!user.isVerified) return <VerifyPrompt email={user.email} />;
  const overview = await getAccountOverview(principal);
  const now = Date.now();
  return (
    <div className="dashboard">
      <DashboardHeader title={`Hello, ${user.userName}`} subtitle="Your account and where it is signed in." />
      <div className="dashboard-grid">
        <ProfilePanel user={user} now={now} />
        <SessionsPanel sessions={overview.sessions} now={now} />
        <EventsPanel events={overview.events} now={now} />
        <PasswordPanel />
      </div>
    </div>
  );
}
