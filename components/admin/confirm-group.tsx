"use client";

import type { JSX, ReactNode } from "react";
import type { ConfirmStep } from "./use-confirm-step";

/**
 * The question an action asks before it runs: what goes and who is told (`children`), the confirming button
 * (focused as the step opens) and Cancel; Escape steps back like Cancel.
 */
export function ConfirmGroup({
  label,
  step,
  confirm,
  isPending,
  onConfirm,
  children,
}: {
  label: string;
  step: ConfirmStep;
  confirm: string;
  isPending: boolean;
  onConfirm: () => void;
  children: ReactNode;
}): JSX.Element {
  return (
    <div
      className="confirm-delete"
      role="group"
      aria-label={label}
      onKeyDown={(event) => {
        if (event.key === "Escape") step.cancel();
      }}
    >
      <p>{children}</p>
      <div className="admin-actions">
        <button ref={step.confirmRef} type="button" className="button button-danger" disabled={isPending} onClick={onConfirm}>
          {confirm}
        </button>
        <button type="button" className="button button-secondary" onClick={step.cancel} disabled={isPending}>
          Cancel
        </button>
      </div>
    </div>
  );
}
