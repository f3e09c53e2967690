import type { JSX, ReactNode } from "react";

/** The form's main button: disabled while the request is in flight, so one click is one request. */
export function SubmitButton({
  isPending,
  pendingLabel,
  isDisabled = false,
  children,
}: {
  isPending: boolean;
  pendingLabel: string;
  /** Nothing to submit yet (a dead code): the form says why next to it. */
  isDisabled?: boolean;
  children: ReactNode;
}): JSX.Element {
  return (
    <button type="submit" className="button button-primary" disabled={isPending || isDisabled} aria-disabled={isPending || isDisabled}>
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
