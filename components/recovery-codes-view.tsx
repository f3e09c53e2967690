"use client";

import { useEffect, useRef, type JSX } from "react";
import { announce } from "./announcer";
import { useCopy } from "./use-copy";

/** The second factor the codes stand in for: the authenticator app, or a passkey (the account's first one). */
export type RecoveredFactor = "app" | "passkey";

const STANDS_IN_FOR: Record<RecoveredFactor, { lost: string; absent: string }> = {
  app: { lost: "If your phone is lost or the app is gone", absent: "your authenticator app is not at hand" },
  passkey: { lost: "If your passkey is lost (its device gone or reset)", absent: "your passkey is not at hand" },
};

/** The text file "Download" saves: what the codes are for, then one code a line. */
export function toRecoveryCodesText(codes: readonly string[], email: string, now: Date, factor: RecoveredFactor): string {
  return [
    `Recovery codes for ${email}`,
    `Made ${now.toISOString().slice(0, 10)}. Each code signs you in once when ${STANDS_IN_FOR[factor].absent}.`,
    "Keep them somewhere safe: anyone with your password and one of these can sign in.",
    "",
    ...codes,
    "",
  ].join("\n");
}

/**
 * The ten recovery codes, shown this once: copy them, download them as a text file, and say when they
 * are saved (then they are gone from the page). Focus lands on the heading so the codes are read next.
 */
export function RecoveryCodesView({
  codes,
  email,
  factor,
  onDone,
}: {
  codes: readonly string[];
  email: string;
  /** What they stand in for: the wording names it. */
  factor: RecoveredFactor;
  onDone: () => void;
}): JSX.Element {
  const headingRef = useRef<HTMLHeadingElement>(null);
  const { copyState, copy } = useCopy(codes.join("\n"));
  useEffect(() => {
    headingRef.current?.focus();
    announce("Your recovery codes are shown. Save them now: they are not shown again.");
  }, []);

  const download = (): void => {
    const blob = new Blob([toRecoveryCodesText(codes, email, new Date(), factor)], { type: "text/plain;charset=utf-8" });
    const url = URL.createObjectURL(blob);
    const link = document.createElement("a");
    link.href = url;
    link.download = "recovery-codes.txt";
    link.click();
    window.setTimeout(() => URL.revokeObjectURL(url), 0);
  };

  return (
    <div className="stack recovery-codes">
      <h3 ref={headingRef} tabIndex={-1} id="recovery-codes-title">
        Save your recovery codes
      </h3>
      <p>
        {STANDS_IN_FOR[factor].lost}, each of these codes signs you in once. <strong>They are shown only now.</strong> Keep them
        somewhere safe, such as a password manager.
      </p>
      <ol className="code-list" aria-labelledby="recovery-codes-title">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <div className="actions">
        <button type="button" className="button button-secondary" onClick={copy}>
          Copy
        </button>
        <button type="button" className="button button-secondary" onClick={download}>
          Download
        </button>
        <button type="button" className="button button-primary" onClick={onDone}>
          I have saved them
        </button>
      </div>
      <p className="muted" role="status">
        {copyState === "copied" ? "Copied the codes." : copyState === "failed" ? "This browser did not let us copy. Download them, or select and copy them by hand." : ""}
      </p>
    </div>
  );
}
