import type { JSX, ReactNode } from "react";

/** A message for the whole form: errors interrupt the screen reader, notices wait their turn. */
export function FormAlert({ tone, children }: { tone: "error" | "success" | "info"; children: ReactNode }): JSX.Element {
  return (
    <div className={`alert alert-${tone}`} role={tone === "error" ? "alert" : "status"}>
      {children}
    </div>
  );
}
