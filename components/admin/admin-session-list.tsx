"use client";

import type { JSX } from "react";
import { RelativeTime } from "../relative-time";
import { ActionMessages } from "./action-messages";
import { useAdminAction } from "./use-admin-action";

export interface AdminSessionItem {
  id: string;
  device: string;
  ip: string | null;
  createdAt: Date;
  lastUsedAt: Date;
}

/** The account's live sessions, each with "End session", and "End all sessions"; one message for the panel. */
export function AdminSessionList({ userId, sessions, now, canAct }: { userId: string; sessions: AdminSessionItem[]; now: number; canAct: boolean }): JSX.Element {
  const action = useAdminAction();
  const base = `/api/admin/users/${userId}/sessions/`;
  return (
    <>
      <ActionMessages action={action} />
      {sessions.length === 0 ? (
        <p className="muted">No live sessions: this account is signed in nowhere.</p>
      ) : (
        <ul className="session-list">
          {sessions.map((session) => (
            <li key={session.id} className="session">
              <div className="session-title">
                <span>{session.device}</span>
              </div>
              <p className="session-meta">
                {session.ip ? <>IP {session.ip} · </> : null}
                signed in <RelativeTime date={session.createdAt} now={now} /> · last active <RelativeTime date={session.lastUsedAt} now={now} />
              </p>
              {canAct ? (
                <div className="end-session">
                  <button
                    type="button"
                    className="button button-secondary button-small"
                    disabled={action.isPending}
                    aria-label={`End session ${session.device}`}
                    onClick={() => void action.run({ method: "DELETE", url: `${base}${session.id}/`, done: `Ended the session on ${session.device}.` })}
                  >
                    End session
                  </button>
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {canAct && sessions.length > 0 ? (
        <div className="admin-actions">
          <button
            type="button"
            className="button button-secondary"
            disabled={action.isPending}
            onClick={() => void action.run({ method: "DELETE", url: base, done: "Ended every session. The account must sign in again everywhere." })}
          >
            End all sessions
          </button>
        </div>
      ) : null}
    </>
  );
}
