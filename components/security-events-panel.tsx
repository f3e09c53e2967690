import type { JSX } from "react";
import type { SecurityEventView } from "@/lib/auth/account-overview";
import { NotMeButton } from "./not-me-button";
import { RelativeTime } from "./relative-time";

/** Shown at once; older events wait behind "Show … older events", so a long history does not bury the page. */
const RECENT_COUNT = 5;

function EventRow({ event, email, now }: { event: SecurityEventView; email: string; now: number }): JSX.Element {
  return (
    <li className={event.isWarning ? "event event-warning" : "event"}>
      <span className="event-time">
        <RelativeTime date={event.createdAt} now={now} />
      </span>
      <span className="event-body">
        <span className="event-label">{event.label}</span>
        <span className="event-meta">
          {event.device}
          {event.ip ? <> · {event.ip}</> : null}
        </span>
      </span>
      {event.isReportable ? <NotMeButton eventId={event.id} event={event.event} isPasskeySignIn={event.isPasskeySignIn} eventLabel={event.label} email={email} /> : null}
    </li>
  );
}

/** The account's recent security events, each one someone else could have caused with "This wasn't me". */
export function SecurityEventsPanel({ events, email, now }: { events: SecurityEventView[]; email: string; now: number }): JSX.Element {
  const recent = events.slice(0, RECENT_COUNT);
  const older = events.slice(RECENT_COUNT);
  return (
    <section className="panel panel-wide" aria-labelledby="events-title">
      <h2 id="events-title">Recent security events</h2>
      {events.length === 0 ? (
        <p className="muted">Nothing yet.</p>
      ) : (
        <ol className="event-list">
          {recent.map((event) => (
            <EventRow key={event.id} event={event} email={email} now={now} />
          ))}
        </ol>
      )}
      {older.length > 0 ? (
        <details className="older-events">
          <summary>
            Show {older.length} older event{older.length === 1 ? "" : "s"}
          </summary>
          <ol className="event-list">
            {older.map((event) => (
              <EventRow key={event.id} event={event} email={email} now={now} />
            ))}
          </ol>
        </details>
      ) : null}
    </section>
  );
}
