import type { JSX } from "react";

/** The error under a stand-alone button, announced as soon as it appears. */
export function ActionError({ message }: { message: string | null }): JSX.Element | null {
  if (!message) return null;
  return (
    <p className="field-error" role="alert">
      {message}
    </p>
  );
}
