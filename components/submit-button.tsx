import type { JSX, ReactNode } from "react";

/** The form's main button: disabled while the request is in flight, so one click is one request. */
export function SubmitButton({ isPending, pendingLabel, children }: { isPending: boolean; pendingLabel: string; children: ReactNode }): JSX.Element {
  return (
    <button type="submit" className="button button-primary" disabled={isPending} aria-disabled={isPending}>
      {isPending ? (
        <>
          <span className="spinner" aria-hidden="true" />
          {pendingLabel}
        </>
      ) : (
        children
      )}
    </button>
  );
}
