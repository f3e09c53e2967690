import { Fragment, type JSX } from "react";

/**
 * An email address that wraps only where a reader expects it to: before the "@" and before each dot
 * (a long address on a phone), never in the middle of a name.
 */
export function EmailText({ email }: { email: string }): JSX.Element {
  const parts = email.split(/(?=[@.])/);
  return (
    <span className="email-text">
      {parts.map((part, index) => (
        <Fragment key={index}>
          {index > 0 ? <wbr /> : null}
          {part}
        </Fragment>
      ))}
    </span>
  );
}
