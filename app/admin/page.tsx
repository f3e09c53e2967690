import type { Metadata } from "next";
import Link from "next/link";
import type { JSX } from "react";
import { EmailText } from "@/components/email-text";
import { FormAlert } from "@/components/form-alert";
import { RelativeTime } from "@/components/relative-time";
import { searchUsers, type AdminUserPage } from "@/lib/auth/admin";
import type { UserRecord } from "@/lib/db/users";
import { isAppError } from "@/lib/errors";
import { adminUserQuerySchema } from "@/lib/validation/admin";
import { requireStaffPage } from "./require-staff";

export const metadata: Metadata = { title: "Users" };

type SearchParams = Record<string, string | string[] | undefined>;

const FILTERS = [
  { name: "verified", label: "Email", yes: "Verified", no: "Not verified" },
  { name: "active", label: "Status", yes: "Active", no: "Deactivated" },
  { name: "staff", label: "Role", yes: "Staff", no: "Not staff" },
] as const;

type FilterName = (typeof FILTERS)[number]["name"];

/** The query the page was asked for, as plain strings (the first of repeated parameters). */
function readParams(searchParams: SearchParams): Record<string, string> {
  const known = ["q", "verified", "active", "staff", "cursor"];
  return Object.fromEntries(known.flatMap((key) => {
    const value = searchParams[key];
    const first = Array.isArray(value) ? value[0] : value;
    return first ? [[key, first]] : [];
  }));
}

function StatusBadges({ user }: { user: UserRecord }): JSX.Element {
  return (
    <>
      {user.isVerified ? <span className="badge badge-ok">Verified</span> : <span className="badge badge-warn">Not verified</span>}
      {user.isActive ? null : <span className="badge badge-danger">Deactivated</span>}
      {user.isSuperuser ? <span className="badge badge-accent">Superuser</span> : user.isStaff ? <span className="badge badge-accent">Staff</span> : null}
    </>
  );
}

function Filters({ params }: { params: Record<string, string> }): JSX.Element {
  return (
    <form className="admin-filters" method="get" action="/admin" role="search" aria-label="Find users">
      <div className="field">
        <label htmlFor="admin-q">Search email or user name</label>
        <input id="admin-q" className="input" type="search" name="q" defaultValue={params.q ?? ""} maxLength={254} autoComplete="off" />
      </div>
      {FILTERS.map((filter) => (
        <div className="field" key={filter.name}>
          <label htmlFor={`admin-${filter.name}`}>{filter.label}</label>
          <select id={`admin-${filter.name}`} className="select" name={filter.name} defaultValue={params[filter.name as FilterName] ?? ""}>
            <option value="">Any</option>
            <option value="true">{filter.yes}</option>
            <option value="false">{filter.no}</option>
          </select>
        </div>
      ))}
      <div className="actions">
        <button type="submit" className="button button-primary">
          Search
        </button>
        <Link className="button-link" href="/admin">
          Clear
        </Link>
      </div>
    </form>
  );
}

function UserTable({ page, now, isFirstPage }: { page: AdminUserPage; now: number; isFirstPage: boolean }): JSX.Element {
  if (page.users.length === 0) return <p className="muted">{isFirstPage ? "No account matches." : "No more accounts."}</p>;
  return (
    <div className="table-wrap">
      <table className="user-table">
        <caption>Newest accounts first.</caption>
        <thead>
          <tr>
            <th scope="col">User name</th>
            <th scope="col">Email</th>
            <th scope="col">Status</th>
            <th scope="col">Joined</th>
            <th scope="col">Last sign-in</th>
          </tr>
        </thead>
        <tbody>
          {page.users.map((user) => (
            <tr key={user.id}>
              <th scope="row">
                <Link href={`/admin/users/${user.id}`}>{user.userName}</Link>
              </th>
              <td data-label="Email">
                <EmailText email={user.email} />
              </td>
              <td data-label="Status">
                <StatusBadges user={user} />
              </td>
              <td data-label="Joined">
                <RelativeTime date={user.dateJoined} now={now} />
              </td>
              <td data-label="Last sign-in">{user.lastLogin ? <RelativeTime date={user.lastLogin} now={now} /> : "Never"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default async function AdminUsersPage({ searchParams }: { searchParams: Promise<SearchParams> }): Promise<JSX.Element> {
  await requireStaffPage("/admin");
  const raw = await searchParams;
  const params = readParams(raw);
  // A flag, never text from the address: a link must not be able to put words in the admin's notice.
  const deleted = raw.deleted === "1";
  const query = adminUserQuerySchema.safeParse(params);
  let page: AdminUserPage | null = null;
  let problem: string | null = query.success ? null : "These filters are not valid. Showing nothing until they are corrected.";
  if (query.success) {
    try {
      page = await searchUsers(query.data);
    } catch (error) {
      if (!isAppError(error)) throw error;
      problem = "This page link is not valid. Start again from the first page.";
    }
  }
  const { cursor: _cursor, ...filters } = params;
  const nextHref = page?.nextCursor ? `/admin?${new URLSearchParams({ ...filters, cursor: page.nextCursor })}` : null;
  const firstHref = `/admin${Object.keys(filters).length > 0 ? `?${new URLSearchParams(filters)}` : ""}`;
  return (
    <>
      <p className="admin-nav">
        <Link href="/dashboard">← Your dashboard</Link>
      </p>
      <header className="page-header">
        <div>
          <h1>Users</h1>
          <p className="lead">Find an account to see its sessions and activity, or to act on it.</p>
        </div>
      </header>
      <section className="panel" aria-labelledby="users-title">
        <h2 id="users-title" className="visually-hidden">
          Accounts
        </h2>
        {deleted ? <FormAlert tone="success" isPageNotice>The account was deleted.</FormAlert> : null}
        <Filters params={params} />
        {problem ? <FormAlert tone="error">{problem}</FormAlert> : null}
        {page ? <UserTable page={page} now={Date.now()} isFirstPage={!params.cursor} /> : null}
        <nav className="pager" aria-label="Pages">
          {params.cursor ? (
            <Link className="button button-secondary button-small" href={firstHref}>
              First page
            </Link>
          ) : null}
          {nextHref ? (
            <Link className="button button-secondary button-small" href={nextHref}>
              Next page
            </Link>
          ) : null}
        </nav>
      </section>
    </>
  );
}
