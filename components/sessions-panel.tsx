"use client";

import { useRouter } from "next/navigation";
import { useState, type JSX } from "react";
import type { SessionView } from "@/lib/auth/session";
import { describeFailure, postJson } from "./api-request";
import { ActionError } from "./action-error";
import { EndSessionButton } from "./end-session-button";
import { RelativeTime } from "./relative-time";
import { useListOutcome } from "./use-list-outcome";

function describeEnded(count: number, others: SessionView[]): string {
  if (count === 0) return "No other device was signed in.";
  if (count === 1 && others.length === 1) return `Signed out ${others[0]!.device}`;
  return `Signed out ${count} other session${count === 1 ? "" : "s"}`;
}

/**
 * The user's live sessions, with a way to end any other one, all the others, or every one. What happened
 * is shown here and announced through the page's live region, and focus goes back to the list's heading
 * when the row it was on is gone.
 */
export function SessionsPanel({ sessions, now }: { sessions: SessionView[]; now: number }): JSX.Element {
  const router = useRouter();
  const { outcome, headingRef, report } = useListOutcome();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState<"others" | "everywhere" | null>(null);
  const others = sessions.filter((session) => !session.isCurrent);

  const signOutOthers = async (): Promise<void> => {
    setPending("others");
    setError(null);
    const result = await postJson<{ sessions_ended: number }>("/api/sessions/revoke-others/", {});
    setPending(null);
    if (result.ok) report(describeEnded(result.data.sessions_ended, others));
    else setError(describeFailure(result));
  };

  const signOutEverywhere = async (): Promise<void> => {
    setPending("everywhere");
    setError(null);
    const result = await postJson<null>("/api/logout/all/", {});
    if (!result.ok) {
      setPending(null);
      setError(describeFailure(result));
      return;
    }
    router.replace("/login?signed_out=everywhere");
    router.refresh();
  };

  return (
    <section className="panel" aria-labelledby="sessions-title">
      <h2 id="sessions-title" ref={headingRef} tabIndex={-1}>
        Active sessions
      </h2>
      <p className="muted">Browsers and apps signed in to your account. Sign out any you do not recognise; &ldquo;Sign out&rdquo; at the top ends only this device&apos;s session.</p>
      {outcome ? <p className="alert alert-success">{outcome}</p> : null}
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
            {session.isCurrent ? null : <EndSessionButton sessionId={session.id} device={session.device} onEnded={(device) => report(`Signed out ${device}`)} />}
          </li>
        ))}
      </ul>
      <div className="actions">
        {others.length > 0 ? (
          <button type="button" className="button button-secondary" onClick={signOutOthers} disabled={pending !== null}>
            {pending === "others" ? "Signing out…" : "Sign out everywhere else"}
          </button>
        ) : null}
        <button type="button" className="button button-secondary" onClick={signOutEverywhere} disabled={pending !== null}>
          {pending === "everywhere" ? "Signing out…" : "Sign out everywhere"}
        </button>
      </div>
      <ActionError message={error} />
    </section>
  );
}
