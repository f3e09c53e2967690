import type { JSX } from "react";
import type { AdminAction } from "./use-admin-action";

/** What the last action did (announced politely) or why it failed (announced at once). */
export function ActionMessages({ action }: { action: AdminAction }): JSX.Element {
  return (
    <>
      <p className="alert alert-success live" role="status" ref={action.noticeRef} tabIndex={-1}>
        {action.notice ?? ""}
      </p>
      {action.error ? (
        <p className="alert alert-error" role="alert">
          {action.error}
        </p>
      ) : null}
    </>
  );
}
