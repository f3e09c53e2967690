"use client";

import { useState, type JSX } from "react";
import { describeFailure, requestJson } from "./api-request";
import { ActionError } from "./action-error";
import { DeleteButton } from "./delete-button";
import { RelativeTime } from "./relative-time";
import { useListOutcome } from "./use-list-outcome";

/** A browser that skips the sign-in's second step ("Remember this browser", 30 days). */
export interface TrustedBrowserItem {
  id: string;
  device: string;
  /** ISO times. */
  createdAt: string;
  lastUsedAt: string;
  /** The browser showing this page. */
  isCurrent: boolean;
}

/**
 * The remembered browsers, each with "Forget", and "Forget all": a forgotten browser asks for the code at
 * its next sign-in. What happened is said here and announced; focus goes back to the list's heading when
 * the row it was on is gone.
 */
export function TrustedBrowsers({ browsers, now }: { browsers: TrustedBrowserItem[]; now: number }): JSX.Element {
  const { outcome, headingRef, report } = useListOutcome();
  const [error, setError] = useState<string | null>(null);
  const [isForgettingAll, setIsForgettingAll] = useState(false);

  const forgetAll = async (): Promise<void> => {
    setIsForgettingAll(true);
    setError(null);
    const result = await requestJson<null>("DELETE", "/api/mfa/trusted-browsers/");
    setIsForgettingAll(false);
    if (result.ok) report("Forgot every remembered browser. Each asks for a code at its next sign-in.");
    else setError(describeFailure(result));
  };

  return (
    <div className="stack trusted-browsers">
      <h3 id="trusted-browsers-title" ref={headingRef} tabIndex={-1}>
        Trusted browsers
      </h3>
      {outcome ? <p className="alert alert-success">{outcome}</p> : null}
      {browsers.length === 0 ? (
        <p className="muted">No browser is remembered. Tick &ldquo;Remember this browser&rdquo; when you sign in on a browser of your own to skip the second step there for 30 days.</p>
      ) : (
        <>
          <p className="muted">These browsers skip the second step when signing in, for 30 days from when they were remembered. Forget any you no longer use.</p>
          <ul className="session-list" aria-labelledby="trusted-browsers-title">
            {browsers.map((browser) => (
              <li key={browser.id} className={browser.isCurrent ? "session session-current" : "session"} aria-current={browser.isCurrent ? "true" : undefined}>
                <div className="session-title">
                  <span>{browser.device}</span>
                  {browser.isCurrent ? <span className="badge badge-accent">This browser</span> : null}
                </div>
                <p className="session-meta">
                  remembered <RelativeTime date={new Date(browser.createdAt)} now={now} /> · last used <RelativeTime date={new Date(browser.lastUsedAt)} now={now} />
                </p>
                <DeleteButton
                  url={`/api/mfa/trusted-browsers/${encodeURIComponent(browser.id)}/`}
                  label="Forget"
                  pendingLabel="Forgetting…"
                  accessibleName={`Forget ${browser.device}${browser.isCurrent ? " (this browser)" : ""}`}
                  onDeleted={() => report(`Forgot ${browser.device}. It asks for a code at its next sign-in.`)}
                />
              </li>
            ))}
          </ul>
          <div className="actions">
            <button type="button" className="button button-secondary" onClick={forgetAll} disabled={isForgettingAll}>
              {isForgettingAll ? "Forgetting…" : "Forget all"}
            </button>
          </div>
        </>
      )}
      <ActionError message={error} />
    </div>
  );
}
