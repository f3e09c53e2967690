import type { JSX, ReactNode } from "react";

/**
 * A message for the whole form: errors interrupt the screen reader, notices wait their turn. Inside a
 * live region that is already on the page, pass `isAnnounced={false}` so it is not announced twice. A
 * notice a page shows on arrival (`isPageNotice`) is read by the page-wide announcer after navigation.
 */
export function FormAlert({
  tone,
  isAnnounced = true,
  isPageNotice = false,
  children,
}: {
  tone: "error" | "success" | "info";
  isAnnounced?: boolean;
  isPageNotice?: boolean;
  children: ReactNode;
}): JSX.Element {
  const role = isAnnounced && !isPageNotice ? (tone === "error" ? "alert" : "status") : undefined;
  return (
    <div className={`alert alert-${tone}`} role={role} data-page-notice={isPageNotice ? "" : undefined}>
      {children}
    </div>
  );
}
