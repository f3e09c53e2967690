import type { JSX } from "react";
import type { SecurityEventView } from "@/lib/auth/account-overview";
import { NotMeButton } from "./not-me-button";
import { RelativeTime } from "./relative-time";

/** The account's recent security events, each one the owner does not recognise with "This wasn't me". */
export function SecurityEventsPanel({ events, email, now }: { events: SecurityEventView[]; email: string; now: number }): JSX.Element {
  return (
    <section className="panel" aria-labelledby="events-title">
      <h2 id="events-title">Recent security events</h2>
      {events.length === 0 ? (
        <p className="muted">Nothing yet.</p>
      ) : (
        <ol className="event-list">
          {events.map((event) => (
            <li key={event.id} className={event.isWarning ? "event event-warning" : "event"}>
              <span className="event-label">{event.label}</span>
              <span className="event-meta">
                <RelativeTime date={event.createdAt} now={now} /> · {event.device}
                {event.ip ? <> · {event.ip}</> : null}
              </span>
              {event.isReportable ? <NotMeButton eventId={event.id} eventLabel={event.label} email={email} /> : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
