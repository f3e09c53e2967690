import type { JSX, ReactNode } from "react";

/**
 * A message for the whole form: errors interrupt the screen reader, notices wait their turn. Inside a
 * live region that is already on the page, pass `isAnnounced={false}` so it is not announced twice.
 */
export function FormAlert({ tone, isAnnounced = true, children }: { tone: "error" | "success" | "info"; isAnnounced?: boolean; children: ReactNode }): JSX.Element {
  const role = isAnnounced ? (tone === "error" ? "alert" : "status") : undefined;
  return (
    <div className={`alert alert-${tone}`} role={role}>
      {children}
    </div>
  );
}
