import type { JSX } from "react";
import { FormAlert } from "./form-alert";

/** A polite live region that stays on the page, so the notice it later shows ("We sent a new code") is read. */
export function LiveNotice({ notice }: { notice: string | null }): JSX.Element {
  return (
    <div className="live" role="status" aria-live="polite">
      {notice ? (
        <FormAlert tone="success" isAnnounced={false}>
          {notice}
        </FormAlert>
      ) : null}
    </div>
  );
}
