import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { JSX } from "react";
import { AdminPasskeyList } from "@/components/admin/admin-passkey-list";
import { AdminSessionList } from "@/components/admin/admin-session-list";
import { RemoveSecondFactors } from "@/components/admin/remove-second-factors";
import { UserActions } from "@/components/admin/user-actions";
import { EmailText } from "@/components/email-text";
import { RelativeTime } from "@/components/relative-time";
import { labelForAdmin } from "@/lib/audit/describe";
import { getUserDetail, isSuperuser, type AdminUserDetail } from "@/lib/auth/admin";
import { isAppError } from "@/lib/errors";
import { requireStaffPage } from "../../require-staff";

export const metadata: Metadata = { title: "User" };

async function loadDetail(id: string): Promise<AdminUserDetail> {
  try {
    return await getUserDetail(id);
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  }
}

function ProfilePanel({ user, now }: { user: AdminUserDetail["user"]; now: number }): JSX.Element {
  const role = user.isSuperuser ? "Superuser" : user.isStaff ? "Staff" : "User";
  return (
    <section className="panel" aria-labelledby="profile-title">
      <h2 id="profile-title">Profile</h2>
      <dl className="details">
        <div>
          <dt>Email</dt>
          <dd>
            <EmailText email={user.email} />{" "}
            {user.isVerified ? <span className="badge badge-ok">Verified</span> : <span className="badge badge-warn">Not verified</span>}
          </dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd>{user.isActive ? "Active" : <span className="badge badge-danger">Deactivated</span>}</dd>
        </div>
        <div>
          <dt>Role</dt>
          <dd>{role}</dd>
        </div>
        <div>
          <dt>Joined</dt>
          <dd>
            <RelativeTime date={user.dateJoined} now={now} />
          </dd>
        </div>
        <div>
          <dt>Last sign-in</dt>
          <dd>{user.lastLogin ? <RelativeTime date={user.lastLogin} now={now} /> : "Never (only at registration)"}</dd>
        </div>
        <div>
          <dt>Account id</dt>
          <dd className="break">
            <code>{user.id}</code>
          </dd>
        </div>
      </dl>
    </section>
  );
}

/** Which second factors the account has (never a secret), and the ways out for an owner who lost one passkey or all of them. */
function SecondFactorsPanel({ detail, now, canRemove }: { detail: AdminUserDetail; now: number; canRemove: boolean }): JSX.Element {
  const { totp, passkeys, recovery_codes: recoveryCodes } = detail.secondFactors;
  const hasFactors = totp.enabled || passkeys.count > 0 || recoveryCodes.remaining > 0;
  return (
    <section className="panel" aria-labelledby="second-factors-title">
      <h2 id="second-factors-title">Two-factor authentication</h2>
      <dl className="details">
        <div>
          <dt>Authenticator app</dt>
          <dd>
            {totp.enabled_at ? (
              <>
                On since <RelativeTime date={new Date(totp.enabled_at)} now={now} />
              </>
            ) : totp.setup_pending ? (
              "Off (a setup was started, not confirmed)"
            ) : (
              "Off"
            )}
          </dd>
        </div>
        <div>
          <dt>Passkeys</dt>
          <dd>{passkeys.count === 0 ? "None" : passkeys.count}</dd>
        </div>
        <div>
          <dt>Recovery codes</dt>
          <dd>{recoveryCodes.remaining === 0 ? "None left" : `${recoveryCodes.remaining} remaining`}</dd>
        </div>
      </dl>
      <AdminPasskeyList owner={{ id: detail.user.id, userName: detail.user.userName }} passkeys={detail.passkeys} now={now} canRemove={canRemove} />
      {canRemove ? <RemoveSecondFactors userId={detail.user.id} userName={detail.user.userName} hasFactors={hasFactors} /> : null}
    </section>
  );
}

function EventsPanel({ events, now }: { events: AdminUserDetail["events"]; now: number }): JSX.Element {
  return (
    <section className="panel panel-wide" aria-labelledby="events-title">
      <h2 id="events-title">Audit events</h2>
      {events.length === 0 ? (
        <p className="muted">Nothing recorded.</p>
      ) : (
        <ol className="event-list">
          {events.map((event) => (
            <li key={event.id} className="event">
              <span className="event-time">
                <RelativeTime date={event.createdAt} now={now} />
              </span>
              <span className="event-body">
                <span className="event-label">
                  {labelForAdmin(event.event)}
                  {event.actor ? <span className="muted"> ({event.actor.userName ?? "a deleted admin"})</span> : null}
                </span>
                {event.ip ? <span className="event-meta">{event.ip}</span> : null}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

export default async function AdminUserPage({ params }: { params: Promise<{ id: string }> }): Promise<JSX.Element> {
  const { id } = await params;
  const actor = await requireStaffPage(`/admin/users/${id}`);
  const detail = await loadDetail(id);
  const { user, sessions, events } = detail;
  const now = Date.now();
  const isSelf = actor.user.id === user.id;
  const canAct = isSelf || !user.isStaff || isSuperuser(actor);
  return (
    <>
      <p className="admin-nav">
        <Link href="/admin">← All users</Link>
      </p>
      <header className="page-header">
        <div>
          <h1>{user.userName}</h1>
          <p className="lead">{user.email}</p>
        </div>
      </header>
      <div className="dashboard-grid">
        <ProfilePanel user={user} now={now} />
        <section className="panel" aria-labelledby="actions-title">
          <h2 id="actions-title">Actions</h2>
          <UserActions
            user={{ id: user.id, userName: user.userName, email: user.email, isActive: user.isActive, isVerified: user.isVerified, isStaff: user.isStaff }}
            isSelf={isSelf}
            canAct={canAct}
            isSuperuser={isSuperuser(actor)}
          />
        </section>
        <SecondFactorsPanel detail={detail} now={now} canRemove={canAct && !isSelf} />
        <section className="panel panel-wide" aria-labelledby="sessions-title">
          <h2 id="sessions-title">Sessions</h2>
          <AdminSessionList
            userId={user.id}
            sessions={sessions.map(({ id: sessionId, device, ip, createdAt, lastUsedAt }) => ({ id: sessionId, device, ip, createdAt, lastUsedAt }))}
            now={now}
            canAct={canAct}
          />
        </section>
        <EventsPanel events={events} now={now} />
      </div>
    </>
  );
}
